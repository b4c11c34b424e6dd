using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Core;

public class NoteTypeRulesTests
{
    [Theory]
    [InlineData("IMP", "18842-5")]
    [InlineData("EMER", "34111-5")]
    [InlineData("AMB", "11506-3")]
    public void Decide_FinishedEncounter_PicksTheNoteTypeOfItsClass(string classCode, string loinc)
    {
        var (noteTypes, reason) = ClinicalNoteTypeRules.Decide(ContextFixtures.Encounter(classCode));
        Assert.Null(reason);
        Assert.Equal(loinc, Assert.Single(noteTypes).LoincCode);
    }

    [Fact]
    public void Decide_UnfinishedEncounter_GivesNoNoteAndSaysWhy()
    {
        var (noteTypes, reason) = ClinicalNoteTypeRules.Decide(ContextFixtures.Encounter("IMP", Encounter.EncounterStatus.InProgress));
        Assert.Empty(noteTypes);
        Assert.Equal("the encounter's status is 'in-progress', not 'finished'", reason);
    }

    [Fact]
    public void Decide_UnknownClass_GivesNoNoteAndNamesTheClass()
    {
        var (noteTypes, reason) = ClinicalNoteTypeRules.Decide(ContextFixtures.Encounter("FLD"));
        Assert.Empty(noteTypes);
        Assert.Contains("'FLD'", reason, StringComparison.Ordinal);
    }
}
