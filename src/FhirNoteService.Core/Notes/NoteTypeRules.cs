using FhirNoteService.Core.Facts;
using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Notes;

/// <summary>Decides which notes an encounter gets, from its class and status.</summary>
public static class ClinicalNoteTypeRules
{
    private static readonly Dictionary<string, ClinicalNoteType> ByEncounterClass = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IMP"] = ClinicalNoteType.DischargeSummary,
        ["ACUTE"] = ClinicalNoteType.DischargeSummary,
        ["NONAC"] = ClinicalNoteType.DischargeSummary,
        ["SS"] = ClinicalNoteType.DischargeSummary,
        ["EMER"] = ClinicalNoteType.EmergencyDepartmentNote,
        ["AMB"] = ClinicalNoteType.ProgressNote,
        ["VR"] = ClinicalNoteType.ProgressNote,
        ["HH"] = ClinicalNoteType.ProgressNote,
    };

    /// <summary>The notes the encounter gets, or an empty list with the reason it gets none.</summary>
    public static (IReadOnlyList<ClinicalNoteType> NoteTypes, string? ReasonForNone) Decide(Encounter encounter)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        if (encounter.Status != Encounter.EncounterStatus.Finished)
        {
            return ([], $"the encounter's status is '{FhirText.Code(encounter.Status) ?? "missing"}', not 'finished'");
        }
        var classCode = encounter.Class?.Code;
        if (classCode is null || !ByEncounterClass.TryGetValue(classCode, out var noteType))
        {
            return ([], $"no note type is configured for encounter class '{classCode ?? "missing"}'");
        }
        return ([noteType], null);
    }
}
