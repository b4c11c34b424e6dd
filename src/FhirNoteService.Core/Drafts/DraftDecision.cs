using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Drafts;

/// <summary>What to do about one note of an encounter, given the drafts already in the EMR.</summary>
public enum DraftAction
{
    /// <summary>Write a new draft; the series has no current one.</summary>
    Create,

    /// <summary>Write a new draft that replaces the series' current preliminary draft, which becomes superseded.</summary>
    Supersede,

    /// <summary>The current draft was made from the same context: write nothing.</summary>
    Unchanged,

    /// <summary>A clinician has signed or edited the note and no addendum is configured: write nothing.</summary>
    KeepClinicianNote,

    /// <summary>
    /// The current draft was made from the same context, but the EMR lacks part of it (its author reference was left
    /// unresolved, or no Provenance targets it): write it again, which matches the draft and repairs what is missing.
    /// </summary>
    Complete,
}

/// <summary>The decision for one note type, with the identifiers and documents it involves.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Series">The series the new draft belongs to (the note's own, or its addenda).</param>
/// <param name="Version">The version identifier of a draft made from this context.</param>
/// <param name="Current">The series' current draft: the one to supersede, or the unchanged one.</param>
/// <param name="ClinicianNote">The note a clinician has signed or edited, which the service leaves alone.</param>
/// <param name="SeriesIsEmpty">True when the series has no current draft, so the create is conditional on that.</param>
public sealed record DraftDecision(
    DraftAction Action,
    Identifier Series,
    Identifier Version,
    DocumentReference? Current = null,
    DocumentReference? ClinicianNote = null,
    bool SeriesIsEmpty = false)
{
    /// <summary>
    /// The service's other untouched current drafts of the series (left by a server without transaction isolation):
    /// superseded with the next write, or on their own when nothing else is written.
    /// </summary>
    public IReadOnlyList<DocumentReference> Strays { get; init; } = [];

    /// <summary>Why <see cref="ClinicianNote"/> is the clinician's: signed or edited.</summary>
    public string? ClinicianNoteState => ClinicianNote is null ? null : DraftState.ClinicianStateOf(ClinicianNote);

    /// <summary>True when this decision writes an addendum to a clinician's note.</summary>
    public bool IsAddendum => ClinicianNote is not null && Action is DraftAction.Create or DraftAction.Supersede or DraftAction.Complete;

    /// <summary>True when this decision writes a draft.</summary>
    public bool Writes => Action is DraftAction.Create or DraftAction.Supersede or DraftAction.Complete;
}
