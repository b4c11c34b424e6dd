using FhirNoteService.Core.Context;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Core.Pipeline;

/// <summary>What the context read of one encounter gives the notes: the record (without its source lists), its facts, and the note types it gets.</summary>
/// <param name="Context">The encounter, the patient and the current drafts; the source lists live on in the facts.</param>
/// <param name="Facts">The numbered facts of the record as it stood during the encounter.</param>
/// <param name="Notes">The notes the encounter gets, as the note rules chose them; empty when it gets none.</param>
/// <param name="ReasonForNone">Why it gets none, when <paramref name="Notes"/> is empty.</param>
public sealed record EncounterRecord(ClinicalContext Context, FactSheet Facts, IReadOnlyList<NoteAssignment> Notes, string? ReasonForNone);
