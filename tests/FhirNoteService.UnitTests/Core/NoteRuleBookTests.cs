using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.UnitTests.Core;

public sealed class NoteRuleBookTests
{
    private static readonly NoteRule Cardiology = new()
    {
        Name = "cardiology-stays",
        Classes = ["IMP"],
        Departments = ["Organization/cardiology"],
        Notes = [new NoteChoice { NoteType = "discharge-summary", Template = "cardiology-discharge-summary" }],
    };

    [Theory]
    [InlineData("IMP", "default-inpatient", "18842-5")]
    [InlineData("ACUTE", "default-inpatient", "18842-5")]
    [InlineData("SS", "default-inpatient", "18842-5")]
    [InlineData("EMER", "default-emergency", "34111-5")]
    [InlineData("AMB", "default-ambulatory", "11506-3")]
    [InlineData("VR", "default-ambulatory", "11506-3")]
    [InlineData("HH", "default-ambulatory", "11506-3")]
    public void TheDefaultRules_GiveTodaysNoteOfEachClass_InDraftsLanguage_WithTheNoteTypesOwnTemplate(string classCode, string rule, string loinc)
    {
        var (notes, reason) = Book().Decide(ContextFixtures.Encounter(classCode));
        Assert.Null(reason);
        var note = Assert.Single(notes);
        Assert.Equal((loinc, rule, note.NoteType.Key, "en-US", (string?)null), (note.NoteType.LoincCode, note.Rule, note.Template, note.Language, note.Model));
    }

    [Fact]
    public void AnUnfinishedEncounter_GetsNoNote_AndSaysWhy()
    {
        var (notes, reason) = Book().Decide(ContextFixtures.Encounter("IMP", Encounter.EncounterStatus.InProgress));
        Assert.Empty(notes);
        Assert.Equal("the encounter's status is 'in-progress', not 'finished'", reason);
    }

    [Fact]
    public void AClassNoRuleKnows_GetsNoNote_AndNamesTheClass()
    {
        var (notes, reason) = Book().Decide(ContextFixtures.Encounter("FLD"));
        Assert.Empty(notes);
        Assert.Contains("'FLD'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ASpecialtyRule_WinsOverTheDefault_ForItsDepartmentOnly()
    {
        var book = Book(Cardiology);
        var cardiology = ContextFixtures.Encounter("IMP");
        cardiology.ServiceProvider = new ResourceReference("Organization/cardiology");

        Assert.Equal(("cardiology-stays", "cardiology-discharge-summary"), Only(book.Decide(cardiology)));
        Assert.Equal(("default-inpatient", "discharge-summary"), Only(book.Decide(ContextFixtures.Encounter("IMP"))));
    }

    [Fact]
    public void ADepartment_MatchesALocationToo()
    {
        var encounter = ContextFixtures.Encounter("IMP");
        encounter.Location = [new Encounter.LocationComponent { Location = new ResourceReference("Location/ward-7") }];
        var rule = new NoteRule { Name = "ward-7", Departments = ["Location/ward-7"], Notes = [new NoteChoice { NoteType = "consult-note" }] };
        Assert.Equal(("ward-7", "consult-note"), Only(Book(rule).Decide(encounter)));
    }

    [Fact]
    public void TypeAndServiceType_MatchByCodeOrBySystemAndCode()
    {
        var encounter = ContextFixtures.Encounter("AMB");
        encounter.ServiceType = new CodeableConcept("http://terminology.hl7.org/CodeSystem/service-type", "394579002", "Cardiology");
        var byType = new NoteRule { Name = "by-type", Types = ["http://snomed.info/sct|183452005"], ServiceTypes = ["394579002"], Notes = [new NoteChoice { NoteType = "consult-note" }] };
        var wrongSystem = new NoteRule { Name = "wrong-system", Types = ["http://loinc.org|183452005"], Notes = [new NoteChoice { NoteType = "history-and-physical" }] };
        Assert.Equal(("by-type", "consult-note"), Only(Book(wrongSystem, byType).Decide(encounter)));
    }

    [Fact]
    public void LengthOfStay_BoundsTheRule()
    {
        // The fixture's stay: 2024-03-01 08:00 to 2024-03-04 12:00, 76 hours.
        var longStays = new NoteRule { Name = "long-stays", Classes = ["IMP"], MinLengthOfStay = TimeSpan.FromDays(3), Notes = [new NoteChoice { NoteType = "discharge-summary" }, new NoteChoice { NoteType = "history-and-physical" }] };
        var shortStays = new NoteRule { Name = "short-stays", Classes = ["IMP"], MaxLengthOfStay = TimeSpan.FromDays(3), Notes = [new NoteChoice { NoteType = "progress-note" }] };
        var (notes, _) = Book(shortStays, longStays).Decide(ContextFixtures.Encounter("IMP"));
        Assert.Equal(["discharge-summary", "history-and-physical"], notes.Select(n => n.NoteType.Key));
        Assert.All(notes, n => Assert.Equal("long-stays", n.Rule));

        var open = ContextFixtures.Encounter("IMP");
        open.Period = new Period { Start = "2024-03-01T08:00:00Z" };
        Assert.Equal("default-inpatient", Assert.Single(Book(shortStays, longStays).Decide(open).Notes).Rule);
    }

    [Fact]
    public void AStatusRule_CanDraftAnEncounterInProgress_AndARuleWithoutNotesExcludes()
    {
        var inProgress = new NoteRule { Name = "daily-progress", Classes = ["IMP"], Statuses = ["in-progress"], Notes = [new NoteChoice { NoteType = "progress-note", Language = "zh-CN", Model = "local" }] };
        var note = Assert.Single(Book(inProgress).Decide(ContextFixtures.Encounter("IMP", Encounter.EncounterStatus.InProgress)).Notes);
        Assert.Equal(("progress-note", "zh-CN", "local"), (note.NoteType.Key, note.Language, note.Model));

        var exclude = new NoteRule { Name = "no-notes-for-ss", Classes = ["SS"] };
        var (notes, reason) = Book(exclude).Decide(ContextFixtures.Encounter("SS"));
        Assert.Empty(notes);
        Assert.Equal("note rule 'no-notes-for-ss' gives this encounter no note", reason);
    }

    [Fact]
    public void WithoutTheDefaults_OnlyTheConfiguredRulesApply()
    {
        var options = new NoteRuleOptions { Rules = [Cardiology], UseDefaults = false };
        var book = new NoteRuleBook(Options.Create(options), Options.Create(new DraftOptions()));
        Assert.Empty(book.Decide(ContextFixtures.Encounter("AMB")).Notes);
    }

    [Fact]
    public void TheValidator_NamesTheRule_OfEachProblem()
    {
        var options = new NoteRuleOptions
        {
            Rules =
            [
                new NoteRule { Name = "bad-type", Notes = [new NoteChoice { NoteType = "operative-note" }] },
                new NoteRule { Name = "twice", Notes = [new NoteChoice { NoteType = "progress-note" }, new NoteChoice { NoteType = "progress-note", Template = "paediatric-progress-note" }] },
                new NoteRule { Name = "inverted", MinLengthOfStay = TimeSpan.FromDays(2), MaxLengthOfStay = TimeSpan.FromDays(1) },
                new NoteRule { Name = "default-emergency" },
                new NoteRule { Name = "has spaces" },
            ],
            File = "/nonexistent/rules.json",
        };
        var errors = new NoteRuleOptionsValidator().Validate(options).Errors.Select(e => e.ErrorMessage).ToList();
        Assert.Contains(errors, e => e.StartsWith("note rule 'bad-type': note type 'operative-note' is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("note rule 'twice': a note type is given twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("note rule 'inverted': MinLengthOfStay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("note rule 'default-emergency': the name is used twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("NoteRules:Rules:4:Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("NoteRules:File", StringComparison.Ordinal));
        Assert.True(new NoteRuleOptionsValidator().Validate(new NoteRuleOptions { Rules = [Cardiology] }).IsValid);
    }

    private static NoteRuleBook Book(params NoteRule[] rules) =>
        new(Options.Create(new NoteRuleOptions { Rules = [.. rules] }), Options.Create(new DraftOptions()));

    private static (string Rule, string Template) Only((IReadOnlyList<NoteAssignment> Notes, string? Reason) decision)
    {
        var note = Assert.Single(decision.Notes);
        return (note.Rule, note.Template);
    }
}
