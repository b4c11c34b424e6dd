using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Core.Generation;

/// <summary>What a generator is asked to write.</summary>
/// <param name="NoteType">The kind of note.</param>
/// <param name="Facts">The only material the note may state.</param>
/// <param name="Language">The note's language as a BCP 47 tag, e.g. <c>en-US</c>.</param>
/// <param name="Identity">The patient's identifying terms, which must never reach a model.</param>
/// <param name="Template">The template it is written to (a language pack file); null for the note type's own.</param>
/// <param name="Model">The model profile that drafts it (<c>Generation:Profiles</c>); null for the note type's or the global model.</param>
public sealed record NoteRequest(ClinicalNoteType NoteType, FactSheet Facts, string Language, PatientIdentity Identity, string? Template = null, string? Model = null)
{
    /// <summary>The template's name: <see cref="Template"/>, or the note type's own.</summary>
    public string TemplateName => Template ?? NoteType.Key;
}
