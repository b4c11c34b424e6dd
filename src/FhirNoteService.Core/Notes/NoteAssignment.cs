namespace FhirNoteService.Core.Notes;

/// <summary>A note an encounter gets, as its rule chose it.</summary>
/// <param name="NoteType">The note type (its LOINC code, its series).</param>
/// <param name="Template">The template it is written to (a language pack file).</param>
/// <param name="Language">Its language.</param>
/// <param name="Model">The model profile that drafts it; null for the note type's or the global model.</param>
/// <param name="Rule">The rule that chose it.</param>
public sealed record NoteAssignment(ClinicalNoteType NoteType, string Template, string Language, string? Model, string Rule);
