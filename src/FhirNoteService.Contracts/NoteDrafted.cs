namespace FhirNoteService.Contracts;

/// <summary>Published after a draft note for an encounter has been written to the EMR (or was already there).</summary>
/// <param name="EncounterReference">The encounter, <c>Encounter/{id}</c>.</param>
/// <param name="NoteTypeCode">The LOINC code of the note type, e.g. 18842-5 for a discharge summary.</param>
/// <param name="DocumentReference">The draft, <c>DocumentReference/{id}</c>.</param>
/// <param name="Created">False when another delivery of the same event had already written this very draft.</param>
/// <param name="GeneratorId">Which generator wrote the draft (the author Device's identifier).</param>
/// <param name="FactCount">How many source facts the note was built from.</param>
/// <param name="WorkerMilliseconds">
/// Time the worker itself spent on this note, beyond its FHIR requests and model calls (for capacity planning).
/// </param>
/// <param name="Supersedes">The earlier preliminary draft this one replaced (now <c>superseded</c>), if any.</param>
/// <param name="AddendumTo">The clinician's signed or edited note this draft is an addendum to, if any.</param>
public sealed record NoteDrafted(
    string EncounterReference,
    string NoteTypeCode,
    string DocumentReference,
    bool Created,
    string GeneratorId,
    int FactCount,
    double? WorkerMilliseconds = null,
    string? Supersedes = null,
    string? AddendumTo = null);
