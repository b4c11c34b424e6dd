using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Context;

/// <summary>Everything a note about one encounter may draw on, as read from the EMR in one request.</summary>
public sealed class ClinicalContext
{
    public required Encounter Encounter { get; init; }

    public required Patient Patient { get; init; }

    /// <summary>Conditions recorded against this encounter (its diagnoses).</summary>
    public IReadOnlyList<Condition> EncounterConditions { get; init; } = [];

    /// <summary>The patient's conditions from every encounter; those that held during this one are its problem list.</summary>
    public IReadOnlyList<Condition> PatientConditions { get; init; } = [];

    /// <summary>The patient's medication requests from every encounter; those active during this one are its current medications.</summary>
    public IReadOnlyList<MedicationRequest> PatientMedications { get; init; } = [];

    public IReadOnlyList<Observation> Observations { get; init; } = [];

    public IReadOnlyList<MedicationRequest> MedicationRequests { get; init; } = [];

    public IReadOnlyList<Procedure> Procedures { get; init; } = [];

    public IReadOnlyList<DiagnosticReport> DiagnosticReports { get; init; } = [];

    public IReadOnlyList<AllergyIntolerance> AllergyIntolerances { get; init; } = [];

    /// <summary>The service's current drafts for this encounter (every note type, and their addenda), to supersede or keep.</summary>
    public IReadOnlyList<DocumentReference> CurrentDrafts { get; init; } = [];

    /// <summary>
    /// Ids of the current drafts that a Provenance targets, or null when the server did not say (it ignored the
    /// <c>_revinclude</c> that reads them).
    /// </summary>
    public IReadOnlySet<string>? DraftsWithProvenance { get; init; }

    /// <summary>Per resource type, how many matching resources were left unread because of the configured bounds.</summary>
    public IReadOnlyDictionary<string, int> LeftUnread { get; init; } = new Dictionary<string, int>();

    /// <summary>Parts of the record the FHIR server could not be made to return; a note says so rather than leave them out silently.</summary>
    public IReadOnlyList<RecordPart> Unread { get; init; } = [];

    /// <summary>
    /// What a draft still needs once the facts are extracted: the encounter, the patient and the current drafts,
    /// without the source lists (their content lives on in the facts).
    /// </summary>
    public ClinicalContext WithoutSources() => new()
    {
        Encounter = Encounter,
        Patient = Patient,
        CurrentDrafts = CurrentDrafts,
        DraftsWithProvenance = DraftsWithProvenance,
        LeftUnread = LeftUnread,
        Unread = Unread,
    };
}
