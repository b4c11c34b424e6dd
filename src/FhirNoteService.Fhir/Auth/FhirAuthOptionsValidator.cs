using FluentValidation;

namespace FhirNoteService.Fhir.Auth;

internal sealed class FhirAuthOptionsValidator : AbstractValidator<FhirAuthOptions>
{
    public FhirAuthOptionsValidator()
    {
        RuleFor(o => o.Mode)
            .Must(mode => FhirAuthModes.All.Contains(mode))
            .WithMessage($"Fhir:Auth:Mode must be one of: {string.Join(", ", FhirAuthModes.All)}");
        RuleFor(o => o.BearerToken)
            .NotEmpty().When(o => o.Mode == FhirAuthModes.Bearer)
            .WithMessage("Fhir:Auth:BearerToken is required with Fhir:Auth:Mode=bearer");
        When(o => o.Mode == FhirAuthModes.SmartBackendServices, () =>
        {
            RuleFor(o => o.ClientId).NotEmpty().WithMessage("Fhir:Auth:ClientId is required with Fhir:Auth:Mode=smart-backend-services (the client id the EMR registered)");
            RuleFor(o => o)
                .Must(o => string.IsNullOrWhiteSpace(o.PrivateKey) != string.IsNullOrWhiteSpace(o.PrivateKeyFile))
                .WithMessage("exactly one of Fhir:Auth:PrivateKey and Fhir:Auth:PrivateKeyFile is required with Fhir:Auth:Mode=smart-backend-services");
            RuleFor(o => o)
                .Custom((o, context) =>
                {
                    if (string.IsNullOrWhiteSpace(o.PrivateKey) != string.IsNullOrWhiteSpace(o.PrivateKeyFile) && !SigningKey.TryLoad(o, out _, out var problem))
                    {
                        context.AddFailure(problem!);
                    }
                });
            RuleFor(o => o.Algorithm)
                .Must(a => a is null or "RS384" or "ES384")
                .WithMessage("Fhir:Auth:Algorithm must be RS384 or ES384 (or unset: from the key)");
            RuleFor(o => o.ScopeStyle)
                .Must(s => s is "v1" or "v2")
                .WithMessage("Fhir:Auth:ScopeStyle must be v1 or v2");
            RuleFor(o => o.TokenUrl)
                .Must(u => u!.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp))
                .When(o => o.TokenUrl is not null)
                .WithMessage("Fhir:Auth:TokenUrl must be an absolute https (or http) URL");
            RuleFor(o => o.AssertionLifetime)
                .InclusiveBetween(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5))
                .WithMessage("Fhir:Auth:AssertionLifetime must be between 10 seconds and 5 minutes (SMART: exp at most 5 minutes ahead)");
            RuleFor(o => o.RenewBefore)
                .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(10))
                .WithMessage("Fhir:Auth:RenewBefore must be between 0 and 10 minutes");
        });
    }
}
