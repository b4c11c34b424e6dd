using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Core;

public class ContextFingerprintTests
{
    private static readonly ClinicalNoteType Discharge = ClinicalNoteType.DischargeSummary;

    [Fact]
    public void Of_DependsOnTheFactsTheLanguageAndTheNoteType()
    {
        var facts = FactExtractor.Extract(ContextFixtures.Context());
        var same = ContextFingerprint.Of(FactExtractor.Extract(ContextFixtures.Context()), Discharge, "en-US");
        var fixture = ContextFixtures.Context();
        var changed = new ClinicalContext
        {
            Encounter = fixture.Encounter,
            Patient = fixture.Patient,
            EncounterConditions = [.. fixture.EncounterConditions, ContextFixtures.Condition("cond-9", "195662009", "Acute viral pharyngitis", "active")],
        };

        Assert.Equal(same, ContextFingerprint.Of(facts, Discharge, "en-US"));
        Assert.NotEqual(same, ContextFingerprint.Of(FactExtractor.Extract(changed), Discharge, "en-US"));
        Assert.NotEqual(same, ContextFingerprint.Of(facts, Discharge, "zh-CN"));
        Assert.NotEqual(same, ContextFingerprint.Of(facts, ClinicalNoteType.ProgressNote, "en-US"));
    }

    [Fact]
    public void Of_APartOfTheRecordTheEmrDidNotReturn_ChangesIt()
    {
        var facts = FactExtractor.Extract(ContextFixtures.Context());

        Assert.NotEqual(ContextFingerprint.Of(facts, Discharge, "en-US"), ContextFingerprint.Of(new FactSheet(facts.Facts, [RecordPart.Allergies]), Discharge, "en-US"));
    }
}
