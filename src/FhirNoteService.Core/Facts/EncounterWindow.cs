using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Facts;

/// <summary>
/// The record as it stood during an encounter: what had begun by its end and had not ended before its start. A note
/// written late (a backfill, a re-triggered old encounter) must describe the visit, not today's record.
/// </summary>
public sealed class EncounterWindow
{
    private static readonly string[] ActiveStatuses = ["active", "recurrence", "relapse"];
    private static readonly string[] NotAFinding = ["entered-in-error", "refuted"];

    private readonly DateTimeOffset? _start;
    private readonly DateTimeOffset? _end;

    public EncounterWindow(Encounter encounter)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        _start = FhirText.When(encounter.Period?.StartElement);
        _end = FhirText.When(encounter.Period?.EndElement) ?? _start;
    }

    /// <summary>
    /// A condition held during the encounter: begun (onset, else recorded) by its end, and abated after its start; one
    /// without an abatement date counts while its clinical status is active, since when it resolved is not recorded.
    /// </summary>
    public bool Held(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (Coded(condition.VerificationStatus, NotAFinding) || !BegunBy(FhirText.When(condition.Onset) ?? FhirText.When(condition.RecordedDateElement)))
        {
            return false;
        }
        return FhirText.When(condition.Abatement) is { } abated
            ? _start is null || abated >= _start
            : Coded(condition.ClinicalStatus, ActiveStatuses);
    }

    /// <summary>An allergy known by the encounter's end and not since marked inactive, resolved or refuted.</summary>
    public bool Held(AllergyIntolerance allergy)
    {
        ArgumentNullException.ThrowIfNull(allergy);
        return !Coded(allergy.VerificationStatus, NotAFinding)
            && (allergy.ClinicalStatus is null || Coded(allergy.ClinicalStatus, ActiveStatuses))
            && BegunBy(FhirText.When(allergy.Onset) ?? FhirText.When(allergy.RecordedDateElement));
    }

    /// <summary>
    /// A medication the patient was on: ordered by the encounter's end, and still active, or ended (its dosage bounds or
    /// dispense validity) after the encounter's start. A stopped order without an end date is left out: when it
    /// stopped is not recorded.
    /// </summary>
    public bool Held(MedicationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Status is MedicationRequest.MedicationrequestStatus.EnteredInError or MedicationRequest.MedicationrequestStatus.Draft
            || request.Intent is MedicationRequest.MedicationRequestIntent.Proposal
            || !BegunBy(FhirText.When(request.AuthoredOnElement)))
        {
            return false;
        }
        if (request.Status is MedicationRequest.MedicationrequestStatus.Active or MedicationRequest.MedicationrequestStatus.OnHold)
        {
            return true;
        }
        var ended = request.DosageInstruction.Select(d => (d.Timing?.Repeat?.Bounds as Period)?.EndElement).Append(request.DispenseRequest?.ValidityPeriod?.EndElement)
            .Select(FhirText.When)
            .Where(w => w is not null)
            .Max();
        return ended is { } end && (_start is null || end >= _start);
    }

    private bool BegunBy(DateTimeOffset? began) => began is null || _end is null || began <= _end;

    private static bool Coded(CodeableConcept? concept, string[] codes) =>
        concept?.Coding.Any(c => codes.Contains(c.Code, StringComparer.Ordinal)) ?? false;
}
