namespace FhirNoteService.Core.Notes;

/// <summary>A kind of clinical note, identified by its LOINC document type code.</summary>
/// <param name="Key">A stable, URL-safe name used in configuration and identifiers, e.g. <c>discharge-summary</c>.</param>
/// <param name="LoincCode">The LOINC code for DocumentReference.type.</param>
/// <param name="Display">The LOINC display.</param>
public sealed record ClinicalNoteType(string Key, string LoincCode, string Display)
{
    public const string LoincSystem = "http://loinc.org";

    public static ClinicalNoteType DischargeSummary { get; } = new("discharge-summary", "18842-5", "Discharge summary");

    public static ClinicalNoteType EmergencyDepartmentNote { get; } = new("emergency-department-note", "34111-5", "Emergency department note");

    public static ClinicalNoteType ProgressNote { get; } = new("progress-note", "11506-3", "Progress note");

    public static ClinicalNoteType ConsultNote { get; } = new("consult-note", "11488-4", "Consult note");

    public static ClinicalNoteType HistoryAndPhysical { get; } = new("history-and-physical", "34117-2", "History and physical note");

    /// <summary>The US Core clinical note types the service drafts.</summary>
    public static IReadOnlyList<ClinicalNoteType> All { get; } = [DischargeSummary, EmergencyDepartmentNote, ProgressNote, ConsultNote, HistoryAndPhysical];

    public static ClinicalNoteType? FromKey(string key) => All.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase));

    public static ClinicalNoteType? FromLoinc(string code) => All.FirstOrDefault(t => t.LoincCode == code);
}
