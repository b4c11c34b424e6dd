using FluentValidation;

namespace FhirNoteService.Fhir.Audit;

internal sealed class AuditOptionsValidator : AbstractValidator<AuditOptions>
{
    public AuditOptionsValidator()
    {
        RuleFor(o => o.BaseUrl)
            .Must(u => u!.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .When(o => o.BaseUrl is not null)
            .WithMessage("Audit:BaseUrl must be an absolute http or https URL (or empty: no audit)");
        RuleFor(o => o.ClientId).NotEmpty().WithMessage("Audit:ClientId must not be empty");
        RuleFor(o => o.Capacity).InclusiveBetween(100, 1_000_000).WithMessage("Audit:Capacity must be between 100 and 1000000");
        RuleFor(o => o.BatchSize).InclusiveBetween(1, 1000).WithMessage("Audit:BatchSize must be between 1 and 1000");
        RuleFor(o => o.RetryInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)).WithMessage("Audit:RetryInterval must be between 100 ms and 10 minutes");
        RuleFor(o => o.Timeout).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)).WithMessage("Audit:Timeout must be between 1 second and 5 minutes");
    }
}
