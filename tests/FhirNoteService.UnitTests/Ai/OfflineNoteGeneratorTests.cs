using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Ai;

public class OfflineNoteGeneratorTests
{
    private readonly FactSheet _facts = FactExtractor.Extract(ContextFixtures.Context());

    private static Task<GeneratedNote> Generate(ClinicalNoteType type, string language = "en-US") =>
        new OfflineNoteGenerator().GenerateAsync(DraftFixtures.Request(ContextFixtures.Context(), type, language), CancellationToken.None);

    [Fact]
    public async Task GenerateAsync_DischargeSummary_HasTheSectionsAClinicianExpects()
    {
        var note = await Generate(ClinicalNoteType.DischargeSummary);
        Assert.Equal("Discharge summary", note.Title);
        Assert.Equal(
            ["Summary", "Admission", "Discharge diagnoses", "Hospital course", "Results", "Medications", "Allergies", "Other active problems", "Discharge"],
            note.Sections.Select(s => s.Heading));
    }

    [Theory]
    [MemberData(nameof(NoteTypes))]
    public async Task GenerateAsync_EveryStatement_CitesExistingFacts(string key)
    {
        var note = await Generate(ClinicalNoteType.All.Single(t => t.Key == key));
        var statements = note.Sections.SelectMany(s => s.Statements).ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.All(s.FactNumbers, n => Assert.NotNull(_facts.Find(n))));
        Assert.All(statements, s => Assert.NotEmpty(s.FactNumbers));
        Assert.Empty(Flagged(note));
    }

    // The statements the grounding check flags, with why, so that a failure says which.
    private List<string> Flagged(GeneratedNote note) =>
        GroundingCheck.Check(note, _facts).Note.Sections.SelectMany(s => s.Statements).Where(s => s.Unsupported)
            .Select(s => $"{string.Join(", ", s.Problems ?? [])}: {s.Text}").ToList();

    [Fact]
    public async Task GenerateAsync_EveryClinicalFact_IsStatedInADischargeSummary()
    {
        var note = await Generate(ClinicalNoteType.DischargeSummary);
        Assert.Equal(_facts.Facts.Select(f => f.Number).Order(), note.CitedFacts.Order());
    }

    [Fact]
    public async Task GenerateAsync_Opening_StatesAgeSexAndEncounter()
    {
        var note = await Generate(ClinicalNoteType.ProgressNote);
        var opening = note.Sections[0].Statements[0];
        Assert.Equal("62-year-old female patient seen for Encounter Inpatient from 2024-03-01 to 2024-03-04.", opening.Text);
    }

    [Fact]
    public async Task GenerateAsync_SimplifiedChinese_UsesTheChineseDischargeSummarySections()
    {
        var note = await Generate(ClinicalNoteType.DischargeSummary, "zh-CN");

        Assert.Equal("出院小结", note.Title);
        Assert.Equal("zh-CN", note.Language);
        Assert.Equal(["概要", "入院情况", "诊疗经过", "出院诊断", "出院情况", "出院医嘱"], note.Sections.Select(s => s.Heading));
        // The opening does not mix English into Chinese.
        Assert.Equal("62岁女性患者，住院就诊（2024-03-01至2024-03-04）。", note.Sections[0].Statements[0].Text);
        Assert.Empty(Flagged(note));
    }

    public static TheoryData<string> NoteTypes() => new(ClinicalNoteType.All.Select(t => t.Key));
}
