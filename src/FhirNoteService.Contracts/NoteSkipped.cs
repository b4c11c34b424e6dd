namespace FhirNoteService.Contracts;

/// <summary>
/// Published when an encounter event needs no new draft: the encounter is not finished, the current draft was made
/// from the same record, or a clinician has signed or edited the note.
/// </summary>
/// <param name="EncounterReference">The encounter, <c>Encounter/{id}</c>.</param>
/// <param name="Reason">Why no draft was written, starting with one of <see cref="NoteSkipReasons"/>; never contains patient data.</param>
/// <param name="NoteTypeCode">The LOINC code of the note concerned, when the skip is about one note.</param>
/// <param name="DocumentReference">The existing note that was kept, <c>DocumentReference/{id}</c>, when there is one.</param>
public sealed record NoteSkipped(
    string EncounterReference,
    string Reason,
    string? NoteTypeCode = null,
    string? DocumentReference = null);

/// <summary>The first word of <see cref="NoteSkipped.Reason"/>.</summary>
public static class NoteSkipReasons
{
    /// <summary>The encounter needs no note (not finished, or a class without a note type).</summary>
    public const string NoNote = "no-note";

    /// <summary>The current draft was drafted from identical context: nothing was written.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>A clinician signed the note: it was left as it is.</summary>
    public const string SignedByClinician = "signed";

    /// <summary>A clinician edited the draft: it was left as it is.</summary>
    public const string EditedByClinician = "edited";
}
