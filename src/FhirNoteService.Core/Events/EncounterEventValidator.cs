using FhirNoteService.Contracts;
using FluentValidation;

namespace FhirNoteService.Core.Events;

/// <summary>Checks an incoming <see cref="EncounterEvent"/> before any FHIR call is made.</summary>
public sealed class EncounterEventValidator : AbstractValidator<EncounterEvent>
{
    public EncounterEventValidator()
    {
        RuleFor(e => e.EncounterReference).Custom((reference, context) =>
        {
            if (!EncounterId.TryParse(reference, out _, out var problem))
            {
                context.AddFailure(nameof(EncounterEvent.EncounterReference), problem!);
            }
        });
        RuleFor(e => e.Kind)
            .NotEmpty().WithMessage("the event kind is missing");
        RuleFor(e => e.Kind)
            .Must(kind => EncounterEventKinds.All.Contains(kind))
            .When(e => !string.IsNullOrEmpty(e.Kind))
            .WithMessage($"the event kind must be one of: {string.Join(", ", EncounterEventKinds.All)}");
        RuleFor(e => e.OccurredAt)
            .NotEqual(default(DateTimeOffset)).WithMessage("occurredAt is missing");
        RuleFor(e => e.VersionId)
            .MaximumLength(64).WithMessage("versionId is longer than 64 characters");
        RuleFor(e => e.SourceSystem)
            .MaximumLength(100).WithMessage("sourceSystem is longer than 100 characters");
    }
}
