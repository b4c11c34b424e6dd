using FluentValidation;
using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Drafts;

/// <summary>The safety invariants every draft must meet before it is written.</summary>
public sealed class NoteDraftValidator : AbstractValidator<NoteDraft>
{
    public NoteDraftValidator()
    {
        RuleFor(d => d.Version.Value).NotEmpty().WithMessage("the draft has no version identifier");
        RuleFor(d => d.Document.Resource.Identifier).NotEmpty().WithMessage("the draft has no series identifier");
        RuleForEach(d => d.Superseded)
            .Must((d, superseded) => SupersedableIn(d.Decision).Any(read => read.Id == superseded.Id && DraftState.IsUntouched(read)))
            .WithMessage("only a draft the service wrote and nobody has signed or edited may be superseded")
            .Must(superseded => !string.IsNullOrEmpty(superseded.Meta?.VersionId))
            .WithMessage("the draft to supersede has no version id, so it cannot be updated safely with If-Match; the FHIR server must support resource versions");
        RuleFor(d => d.Document.Resource.DocStatus)
            .Equal(CompositionStatus.Preliminary).WithMessage("a draft must have docStatus 'preliminary'");
        RuleFor(d => d.Document.Resource.Status)
            .Equal(DocumentReferenceStatus.Current).WithMessage("a new draft must have status 'current'");
        RuleFor(d => d.Document.Resource.Meta!.Security)
            .Must(s => s.Any(c => c.System == FhirCodes.ObservationValueSystem && c.Code == FhirCodes.AiAsserted))
            .WithMessage("a draft must carry the AIAST security label");
        RuleFor(d => d.Document.Resource.Subject).NotNull().WithMessage("the draft has no subject");
        RuleFor(d => d.Document.Resource.Context!.Encounter).NotEmpty().WithMessage("the draft is not linked to its encounter");
        RuleFor(d => d.Document.Resource.Content)
            .Must(c => c.Count == 1 && c[0].Attachment.Data is { Length: > 0 })
            .WithMessage("the draft must have exactly one non-empty attachment");
        RuleFor(d => d.Document.Resource.Author)
            .Must((d, authors) => authors.Any(a => a.Reference == d.Device.FullUrl))
            .WithMessage("the draft's author must be the generator Device");
        RuleFor(d => d.Provenance.Resource.Target)
            .Must((d, targets) => targets.Any(t => t.Reference == d.Document.FullUrl))
            .WithMessage("the Provenance must target the draft");
        RuleFor(d => d.Provenance.Resource.Agent)
            .Must((d, agents) => agents.Any(a => a.Who?.Reference == d.Device.FullUrl && a.Type?.Coding.Any(c => c.Code == FhirCodes.Author) == true))
            .WithMessage("the Provenance must name the generator Device as author");
        RuleFor(d => d.Provenance.Resource.Entity).NotEmpty().WithMessage("the Provenance lists no source resource");
    }

    // What the planner read and allowed to be superseded: the draft a new one replaces, and the series' strays.
    private static IEnumerable<DocumentReference> SupersedableIn(DraftDecision decision) =>
        decision.Action == DraftAction.Supersede && decision.Current is { } current ? decision.Strays.Prepend(current) : decision.Strays;
}
