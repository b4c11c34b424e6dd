namespace FhirNoteService.Contracts;

/// <summary>Published when an encounter event needs no note (for example an encounter that is not finished).</summary>
/// <param name="EncounterReference">The encounter, <c>Encounter/{id}</c>.</param>
/// <param name="Reason">Why no note was drafted; never contains patient data.</param>
public sealed record NoteSkipped(string EncounterReference, string Reason);
