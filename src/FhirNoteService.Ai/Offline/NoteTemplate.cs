using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Ai.Offline;

/// <summary>The sections of a note type and which kinds of fact fill each of them.</summary>
internal sealed record NoteTemplate(string Title, IReadOnlyList<SectionTemplate> Sections)
{
    private static readonly Dictionary<string, NoteTemplate> ByNoteType = new(StringComparer.Ordinal)
    {
        [ClinicalNoteType.DischargeSummary.Key] = new("Discharge summary",
        [
            new("Admission", [FactKind.EncounterReason]),
            new("Discharge diagnoses", [FactKind.Diagnosis]),
            new("Hospital course", [FactKind.Procedure, FactKind.Report]),
            new("Results", [FactKind.VitalSign, FactKind.LabResult]),
            new("Medications", [FactKind.Medication]),
            new("Allergies", [FactKind.Allergy]),
            new("Other active problems", [FactKind.Problem]),
            new("Discharge", [FactKind.Disposition]),
        ]),
        [ClinicalNoteType.EmergencyDepartmentNote.Key] = new("Emergency department note",
        [
            new("Presenting complaint", [FactKind.EncounterReason]),
            new("Assessment", [FactKind.Diagnosis]),
            new("Treatment in the department", [FactKind.Procedure, FactKind.Medication, FactKind.Report]),
            new("Results", [FactKind.VitalSign, FactKind.LabResult]),
            new("Allergies", [FactKind.Allergy]),
            new("Other active problems", [FactKind.Problem]),
            new("Disposition", [FactKind.Disposition]),
        ]),
        [ClinicalNoteType.ProgressNote.Key] = new("Progress note",
        [
            new("Reason for visit", [FactKind.EncounterReason]),
            new("Assessment", [FactKind.Diagnosis]),
            new("Results", [FactKind.VitalSign, FactKind.LabResult, FactKind.Report]),
            new("Plan", [FactKind.Procedure, FactKind.Medication]),
            new("Active problems", [FactKind.Problem]),
            new("Allergies", [FactKind.Allergy]),
        ]),
    };

    public static NoteTemplate For(ClinicalNoteType noteType) =>
        ByNoteType.TryGetValue(noteType.Key, out var template)
            ? template
            : throw new ArgumentOutOfRangeException(nameof(noteType), noteType.Key, "The offline generator has no template for this note type.");
}

/// <summary>A section heading and the fact kinds it states, in order.</summary>
internal sealed record SectionTemplate(string Heading, IReadOnlyList<FactKind> Kinds);
