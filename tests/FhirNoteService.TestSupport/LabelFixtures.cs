using FhirNoteService.Core.Context;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.TestSupport;

/// <summary>Fixed lines for notes in Core's own tests, which need no language pack.</summary>
public static class LabelFixtures
{
    public static NoteLabels Test { get; } = new(
        "TEST DRAFT by {0}",
        "Numbers cite facts.",
        "Sources",
        "[UNTRACED]",
        "MISSING: {0}",
        new Dictionary<RecordPart, string> { [RecordPart.Allergies] = "allergies", [RecordPart.Problems] = "problems", [RecordPart.Medications] = "medications" },
        ", ");
}
