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
