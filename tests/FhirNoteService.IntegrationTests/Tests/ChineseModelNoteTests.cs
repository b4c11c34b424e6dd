using System.Text;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>A Chinese discharge summary from a model, end to end: RabbitMQ, the sandbox FHIR server, a Synthea inpatient stay.</summary>
[Trait("Category", "Integration")]
public sealed class ChineseModelNoteTests : FreshServersTest
{
    [Fact]
    public async Task Worker_ModelInSimplifiedChinese_WritesAValidZhCnDischargeSummary()
    {
        await using var model = await FakeModelServer.StartAsync();
        model.Default = Reply.Good(chinese: true);
        var inpatient = (await SyntheaPatients.LoadAsync(Fhir.Http, "Raymon_Kris")).Single(e => e.ClassCode == "IMP");
        var recorder = new BusRecorder();
        await using var worker = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder, settings: new Dictionary<string, string?>
        {
            ["Generation:Provider"] = "openai",
            ["Generation:Endpoint"] = $"{model.BaseUrl}v1/",
            ["Generation:Model"] = "qwen-test",
            ["Generation:ModelVersion"] = "2026-01",
            ["Drafts:Language"] = "zh-CN",
        });

        await worker.Services.GetRequiredService<IBus>().Publish(new EncounterEvent(inpatient.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(r => !r.Drafted.IsEmpty || !r.Failed.IsEmpty, TimeSpan.FromMinutes(1), "the Chinese draft");

        Assert.Empty(recorder.Failed);
        var document = (await FhirQueries.SearchAsync<DocumentReference>(Fhir, $"encounter={inpatient.Reference}")).Single();
        var attachment = document.Content.Single().Attachment;
        Assert.Equal("zh-CN", attachment.Language);
        Assert.Equal("出院小结", attachment.Title);
        Assert.Equal("18842-5", document.Type.Coding[0].Code);
        var text = Encoding.UTF8.GetString(attachment.Data);
        Assert.StartsWith("出院小结", text, StringComparison.Ordinal);
        Assert.Contains("根据记录", text, StringComparison.Ordinal);
        Assert.Contains("草稿", text, StringComparison.Ordinal);
        Assert.Equal(0, ((Integer)document.Extension.Single(e => e.Url == FhirCodes.UnsupportedStatementsExtension).Value).Value);
        var device = (await FhirQueries.SearchAsync<Device>(Fhir)).Single();
        Assert.Equal("openai/qwen-test", device.Identifier.Single().Value);
        Assert.Equal("2026-01", device.Version.Single().Value);
        Assert.Equal($"Device/{device.Id}", document.Author.Single().Reference);

        using var validator = new ProfileValidator();
        Assert.Empty(validator.Errors(document));
        Assert.Empty(validator.Errors(document, FhirCodes.UsCoreDocumentReference));
        var provenance = (await FhirQueries.SearchAsync<Provenance>(Fhir, $"target=DocumentReference/{document.Id}")).Single();
        Assert.Empty(validator.Errors(provenance, FhirCodes.UsCoreProvenance));
        Assert.Empty(validator.Errors(provenance, FhirCodes.AiProvenanceProfile));
        Assert.Empty(validator.Errors(device));
    }
}
