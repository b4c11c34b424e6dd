using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Ai;

public class OfflineNoteGeneratorTests
{
    private readonly FactSheet _facts = FactExtractor.Extract(ContextFixtures.Context());

    private Task<GeneratedNote> Generate(ClinicalNoteType type) =>
        new OfflineNoteGenerator().GenerateAsync(new NoteRequest(type, _facts, "en-US"), CancellationToken.None);

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
        Assert.Equal(0, GroundingCheck.Check(note, _facts).UnsupportedCount);
    }

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

    public static TheoryData<string> NoteTypes() => new(ClinicalNoteType.All.Select(t => t.Key));
}
