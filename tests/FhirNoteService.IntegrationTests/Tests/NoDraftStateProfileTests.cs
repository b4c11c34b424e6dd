using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The <c>no-draft-state</c> write profile against the sandbox as an EMR that takes only final notes
/// (<c>no-preliminary</c>, plus <c>no-batch</c>): nothing is written to it; each draft waits in the durable
/// <c>note-drafts-ready</c> queue as a NoteDraftReady, the same version for a redelivered event, a new version of the
/// same series for a changed record, never final.
/// </summary>
[Trait("Category", "Integration")]
public sealed class NoDraftStateProfileTests : FreshServersTest
{
    private const string FinalOnlyEmr = "no-preliminary,no-batch";

    [Fact]
    public async Task TheEmrRefusesAPreliminaryNote_SoTheDraftWaitsOnTheBus_AndNothingIsWrittenToIt()
    {
        await using var emr = await SandboxFhirServer.StartAsync();
        var encounter = (await SyntheaPatients.LoadAsync(emr.Http, "Edward_Gulgowski"))[0].Reference;
        await emr.BecomeAsync(FinalOnlyEmr);
        using (var preliminary = new StringContent("""{"resourceType":"DocumentReference","status":"current","docStatus":"preliminary","content":[{"attachment":{"contentType":"text/plain"}}]}""", Encoding.UTF8))
        {
            preliminary.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await emr.Http.PostAsync("DocumentReference", preliminary)).StatusCode);
        }

        var recorder = new BusRecorder();
        await using (var worker = await WorkerUnderTest.StartAsync(emr, Broker, recorder, settings: new Dictionary<string, string?> { ["Fhir:WriteProfile"] = "no-draft-state" }))
        {
            var bus = worker.Services.GetRequiredService<IBus>();
            await bus.Publish(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
            await bus.Publish(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
            await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 2, TimeSpan.FromMinutes(1), "both deliveries");
            var patient = (await FhirQueries.SearchAsync<Encounter>(emr, $"_id={encounter["Encounter/".Length..]}")).Single().Subject.Reference;
            await EmrEdits.AddConditionAsync(emr, encounter, patient);
            await bus.Publish(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow));
            await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 3, TimeSpan.FromMinutes(1), "the re-triggered encounter");
        }

        Assert.Empty(recorder.Failed);
        Assert.Empty(await FhirQueries.SearchAsync<DocumentReference>(emr));
        Assert.Empty(await FhirQueries.SearchAsync<Provenance>(emr));
        Assert.Empty(await FhirQueries.SearchAsync<Device>(emr));
        var waiting = await ReadyDraftsAsync();
        Assert.Equal(3, waiting.Count);
        // The redelivery is the same draft; the changed record a new version of the same series.
        Assert.Equal(2, waiting.Select(d => d.GetProperty("version").GetString()).Distinct().Count());
        Assert.Equal(waiting[0].GetProperty("version").GetString(), waiting[1].GetProperty("version").GetString());
        Assert.Single(waiting.Select(d => d.GetProperty("series").GetString()).Distinct());
        var parser = new FhirJsonDeserializer();
        var document = parser.Deserialize<DocumentReference>(waiting[0].GetProperty("documentReference").GetString()!);
        Assert.Equal(CompositionStatus.Preliminary, document.DocStatus);
        Assert.Contains(document.Meta.Security, s => s.Code == "AIAST");
        Assert.Equal(encounter, waiting[0].GetProperty("encounterReference").GetString());
        var provenance = parser.Deserialize<Provenance>(waiting[0].GetProperty("provenance").GetString()!);
        Assert.NotEmpty(provenance.Entity);
        Assert.Equal(waiting[0].GetProperty("fullUrls")[1].GetString(), provenance.Target.Single().Reference);
        Assert.All(recorder.Drafted, d => Assert.StartsWith("NoteDraftReady/", d.DocumentReference, StringComparison.Ordinal));
        using var validator = new ProfileValidator();
        Assert.Empty(validator.Errors(document, FhirCodes.UsCoreDocumentReference));
    }

    // What a review application finds in the durable queue (MassTransit's envelope, the message inside).
    private async Task<List<JsonElement>> ReadyDraftsAsync() =>
        (await Broker.DrainAsync("note-drafts-ready")).Select(m => JsonDocument.Parse(m.Body).RootElement.GetProperty("message").Clone()).ToList();
}
