using FluentValidation;

namespace FhirNoteService.Core.Drafts;

/// <summary>Checks the <c>Drafts</c> settings at start-up.</summary>
public sealed class DraftOptionsValidator : AbstractValidator<DraftOptions>
{
    public DraftOptionsValidator()
    {
        RuleFor(o => o.IdentifierSystem)
            .Must(BeAnAbsoluteUri).WithMessage("Drafts:IdentifierSystem must be an absolute URI (e.g. urn:fhirnoteservice:note-draft)");
        RuleFor(o => o.VersionIdentifierSystem)
            .Must(BeAnAbsoluteUri).WithMessage("Drafts:VersionIdentifierSystem must be an absolute URI")
            .NotEqual(o => o.IdentifierSystem).WithMessage("Drafts:VersionIdentifierSystem must differ from Drafts:IdentifierSystem");
        RuleFor(o => o.DeviceIdentifierSystem)
            .Must(BeAnAbsoluteUri).WithMessage("Drafts:DeviceIdentifierSystem must be an absolute URI");
        RuleFor(o => o.Language)
            .Matches("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$").WithMessage("Drafts:Language must be a BCP 47 tag such as en-US or zh-CN");
        RuleFor(o => o.Custodian)
            .Matches("^Organization/[A-Za-z0-9\\-\\.]{1,64}$")
            .When(o => !string.IsNullOrEmpty(o.Custodian))
            .WithMessage("Drafts:Custodian must be a relative reference 'Organization/{id}'");
    }

    private static bool BeAnAbsoluteUri(string value) => Uri.TryCreate(value, UriKind.Absolute, out _);
}
