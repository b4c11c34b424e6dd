namespace FhirNoteService.Fhir.Audit;

/// <summary>
/// Where the FHIR adapters report what they read and wrote about a patient. Never blocks and never fails the caller:
/// an audit repository that is down costs a buffered or dropped AuditEvent, not a note.
/// </summary>
public interface IAuditTrail
{
    /// <summary>A context read: the patient's record searched on the FHIR server (BALP PatientQuery).</summary>
    void PatientQueried(string patient, IReadOnlyList<string> searches);

    /// <summary>A draft the FHIR server is known to hold (BALP PatientCreate), with the resources written.</summary>
    void PatientDataCreated(string patient, IReadOnlyList<string> created);
}

/// <summary>What both FHIR draft writers report once the EMR holds a draft.</summary>
public static class AuditTrailExtensions
{
    /// <summary>A draft this delivery created (not one an earlier delivery had written): a PatientCreate.</summary>
    public static void DraftWritten(this IAuditTrail audit, Core.Drafts.NoteDraft draft, Core.Drafts.DraftWriteResult written)
    {
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(written);
        if (written.Created && draft.Document.Resource.Subject?.Reference is { } patient)
        {
            audit.PatientDataCreated(patient, [written.DocumentReference]);
        }
    }
}
