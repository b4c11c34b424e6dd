namespace FhirNoteService.Core.Notes;

/// <summary>
/// The built-in rules, tried after the configured ones: a finished stay gets a discharge summary, a finished emergency
/// visit an emergency department note, a finished ambulatory, virtual or home visit a progress note.
/// </summary>
public static class DefaultNoteRules
{
    public static IReadOnlyList<NoteRule> All { get; } =
    [
        Rule("default-inpatient", ["IMP", "ACUTE", "NONAC", "SS"], ClinicalNoteType.DischargeSummary),
        Rule("default-emergency", ["EMER"], ClinicalNoteType.EmergencyDepartmentNote),
        Rule("default-ambulatory", ["AMB", "VR", "HH"], ClinicalNoteType.ProgressNote),
    ];

    private static NoteRule Rule(string name, List<string> classes, ClinicalNoteType noteType) =>
        new() { Name = name, Classes = classes, Notes = [new NoteChoice { NoteType = noteType.Key }] };
}
