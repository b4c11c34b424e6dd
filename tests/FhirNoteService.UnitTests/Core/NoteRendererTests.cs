using FhirNoteService.Core.Context;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Core;

public class NoteRendererTests
{
    private static readonly GeneratorIdentity Generator = LabelFixtures.Generator;

    private static readonly FactSheet Facts = LabelFixtures.AsthmaFacts;

    [Fact]
    public void Render_UnsupportedStatement_IsMarkedForTheReviewer()
    {
        var note = new GeneratedNote("Note", [new NoteSection("A", [new NoteStatement("Made up.", [])])], "en-US", Generator, LabelFixtures.Test);
        var checkedNote = GroundingCheck.Check(note, Facts).Note;

        var text = NoteRenderer.Render(checkedNote, Facts);

        Assert.Contains($"- Made up. {LabelFixtures.Test.UnsupportedMarker}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FlaggedStatementsNewMedicationsAndDiagnoses_AreListedFirst()
    {
        var statements = new[] { new NoteStatement("Asthma.", [1]), new NoteStatement("Digoxin was started.", [2]) };
        var note = new GeneratedNote("Note", [new NoteSection("Plan", statements)], "en-US", Generator, LabelFixtures.Test);
        var checkedNote = GroundingCheck.Check(note, Facts).Note;

        var lines = NoteRenderer.Render(checkedNote, Facts).ReplaceLineEndings("\n").Split('\n');

        var review = Array.IndexOf(lines, LabelFixtures.Test.ReviewHeading);
        Assert.True(review > 0 && review < Array.IndexOf(lines, "Plan"), "the review list comes before the sections");
        Assert.Equal("- Digoxin was started. (drug not in the record)", lines[review + 1]);
        Assert.Contains($"- Digoxin was started. [2] {LabelFixtures.Test.UnsupportedMarker} (drug not in the record)", lines);
        Assert.Equal("- Medications started or changed: Salbutamol", lines[review + 2]);
        Assert.Equal("- New diagnoses: Asthma", lines[review + 3]);
        Assert.Equal("", lines[review + 4]);
    }

    [Fact]
    public void Render_CitedFacts_AreListedWithTheirSources()
    {
        var note = new GeneratedNote("Note", [new NoteSection("Assessment", [new NoteStatement("Asthma.", [1])])], "en-US", Generator, LabelFixtures.Test);

        var text = NoteRenderer.Render(note, Facts);

        Assert.Contains("- Asthma. [1]", text, StringComparison.Ordinal);
        Assert.Contains("[1] Condition/c1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("MedicationRequest/m1", text, StringComparison.Ordinal);
        Assert.StartsWith("NOTE\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PartsOfTheRecordTheEmrDidNotReturn_AreNamedAtTheTop()
    {
        var note = new GeneratedNote("Note", [new NoteSection("A", [new NoteStatement("Asthma.", [1])])], "en-US", Generator, LabelFixtures.Test);
        var facts = new FactSheet(Facts.Facts, [RecordPart.Allergies, RecordPart.Medications]);

        var lines = NoteRenderer.Render(note, facts).ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("MISSING: allergies, medications", lines[3]);
    }
}
