using FluentValidation;

namespace FhirNoteService.Fhir;

internal sealed class FhirServerOptionsValidator : AbstractValidator<FhirServerOptions>
{
    public FhirServerOptionsValidator()
    {
        RuleFor(o => o.BaseUrl)
            .NotNull().WithMessage("Fhir:BaseUrl is required (the EMR's FHIR R4 base URL)");
        RuleFor(o => o.BaseUrl)
            .Must(u => u!.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .When(o => o.BaseUrl is not null)
            .WithMessage("Fhir:BaseUrl must be an absolute http or https URL");
        RuleFor(o => o.Timeout)
            .InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)).WithMessage("Fhir:Timeout must be between 1 second and 10 minutes");
        RuleFor(o => o.MaxResponseBytes)
            .InclusiveBetween(64 * 1024, 1024L * 1024 * 1024).WithMessage("Fhir:MaxResponseBytes must be between 64 KiB and 1 GiB");
        RuleFor(o => o.Limits.Observations).InclusiveBetween(1, 5000).WithMessage("Fhir:Limits:Observations must be between 1 and 5000");
        RuleFor(o => o.Limits.Conditions).InclusiveBetween(1, 1000).WithMessage("Fhir:Limits:Conditions must be between 1 and 1000");
        RuleFor(o => o.Limits.MedicationRequests).InclusiveBetween(1, 1000).WithMessage("Fhir:Limits:MedicationRequests must be between 1 and 1000");
        RuleFor(o => o.Limits.Procedures).InclusiveBetween(1, 1000).WithMessage("Fhir:Limits:Procedures must be between 1 and 1000");
        RuleFor(o => o.Limits.PatientRecords).InclusiveBetween(1, 5000).WithMessage("Fhir:Limits:PatientRecords must be between 1 and 5000");
        RuleFor(o => o.WriteProfile)
            .Must(profile => WriteProfiles.All.Contains(profile))
            .WithMessage($"Fhir:WriteProfile must be one of: {string.Join(", ", WriteProfiles.All)}");
        RuleFor(o => o.Auth).SetValidator(new Auth.FhirAuthOptionsValidator());
        RuleFor(o => o.Limits.DiagnosticReports).InclusiveBetween(1, 1000).WithMessage("Fhir:Limits:DiagnosticReports must be between 1 and 1000");
    }
}
