namespace FhirNoteService.Core.Facts;

/// <summary>The kinds of clinical fact a note can state.</summary>
public enum FactKind
{
    Demographics,
    Encounter,
    EncounterReason,
    Diagnosis,
    Problem,
    Allergy,
    Medication,
    Procedure,
    VitalSign,
    LabResult,
    Report,
    Disposition,
}
