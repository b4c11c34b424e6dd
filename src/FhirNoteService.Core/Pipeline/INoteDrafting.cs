using FhirNoteService.Contracts;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// Drafts the notes of one encounter event: the pipeline of one EMR (<see cref="NoteDraftingPipeline"/>), or, in a
/// worker serving several, the one the event's <c>sourceSystem</c> names.
/// </summary>
public interface INoteDrafting
{
    Task<DraftingOutcome> DraftAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken);
}
