using FhirNoteService.Ai.Languages;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using FhirNoteService.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// Note rules from configuration, end to end: a Synthea patient's stay gets a cardiology discharge summary and a
/// history and physical, its visits a consultation note and a paediatric progress note; every draft of every new
/// template validates against US Core, in English and in Chinese.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NoteRulesEndToEndTests : FreshServersTest
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task Rules_ChooseNoteTypesTemplatesAndLanguage_AndEveryDraftValidates(string language)
    {
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Liz_Conn");
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?>
        {
            ["NoteRules:Rules:0:Name"] = "cardiology-stays",
            ["NoteRules:Rules:0:Classes:0"] = "IMP",
            ["NoteRules:Rules:0:Notes:0:NoteType"] = "discharge-summary",
            ["NoteRules:Rules:0:Notes:0:Template"] = "cardiology-discharge-summary",
            ["NoteRules:Rules:0:Notes:0:Language"] = language,
            ["NoteRules:Rules:0:Notes:1:NoteType"] = "history-and-physical",
            ["NoteRules:Rules:0:Notes:1:Language"] = language,
            ["NoteRules:Rules:1:Name"] = "children-clinic",
            ["NoteRules:Rules:1:Classes:0"] = "AMB",
            ["NoteRules:Rules:1:Notes:0:NoteType"] = "consult-note",
            ["NoteRules:Rules:1:Notes:0:Language"] = language,
            ["NoteRules:Rules:1:Notes:1:NoteType"] = "progress-note",
            ["NoteRules:Rules:1:Notes:1:Template"] = "paediatric-progress-note",
            ["NoteRules:Rules:1:Notes:1:Language"] = language,
        });
        var bus = worker.Services.GetRequiredService<IBus>();
        foreach (var encounter in encounters)
        {
            await bus.Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        }
        await recorder.WaitForAsync(r => r.Drafted.Count + r.Failed.Count >= encounters.Count * 2, TimeSpan.FromMinutes(2), $"{encounters.Count * 2} drafts");

        Assert.Empty(recorder.Failed);
        var pack = LanguagePacks.BuiltIn.For(language);
        var expected = encounters.SelectMany(e => e.ClassCode == "IMP"
            ? new[] { (e.Reference, "18842-5", pack.Notes["cardiology-discharge-summary"].Title), (e.Reference, "34117-2", pack.Notes["history-and-physical"].Title) }
            : [(e.Reference, "11488-4", pack.Notes["consult-note"].Title), (e.Reference, "11506-3", pack.Notes["paediatric-progress-note"].Title)]);
        var documents = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=100");
        Assert.Equal(
            expected.Order(),
            documents.Select(d => (d.Context.Encounter.Single().Reference!, d.Type.Coding.Single(c => c.System == "http://loinc.org").Code, d.Content.Single().Attachment.Title)).Order());

        using var validator = new ProfileValidator();
        foreach (var document in documents)
        {
            Assert.Equal(language, document.Content.Single().Attachment.Language);
            Assert.Empty(validator.Errors(document));
            Assert.Empty(validator.Errors(document, FhirCodes.UsCoreDocumentReference));
        }
        foreach (var provenance in await FhirQueries.SearchAsync<Provenance>(Fhir, "_count=100"))
        {
            Assert.Empty(validator.Errors(provenance, FhirCodes.UsCoreProvenance));
        }
    }
}
