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

    /// <summary>A medication the patient was taking during the encounter, prescribed before it.</summary>
    CurrentMedication,
    Procedure,
    VitalSign,
    LabResult,
    Report,
    Disposition,
}
