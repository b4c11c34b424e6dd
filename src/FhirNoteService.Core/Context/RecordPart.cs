namespace FhirNoteService.Core.Context;

/// <summary>A part of the patient's record that a note draws on beyond the encounter's own resources.</summary>
public enum RecordPart
{
    Allergies,
    Problems,
    Medications,
}
