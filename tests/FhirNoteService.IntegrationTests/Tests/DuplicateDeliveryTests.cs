using FhirNoteService.Contracts;
using FhirNoteService.IntegrationTests.Infrastructure;
using Hl7.Fhir.Model;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.IntegrationTests.Tests;

[Trait("Category", "Integration")]
public sealed class DuplicateDeliveryTests : FreshServersTest
{
    [Fact]
    public async Task Workers_EachEventThreeTimesAcrossTwoWorkers_WriteOneDraftPerEncounter()
    {
        var encounters = await SyntheaPatients.LoadAsync(Fhir.Http, "Alberto_Atencio", "Xavier_Lueilwitz");
        var recorder = new BusRecorder();
        await using var first = await WorkerUnderTest.StartAsync(Fhir, Broker, recorder);
        await using var second = await WorkerUnderTest.StartAsync(Fhir, Broker);
        var bus = first.Services.GetRequiredService<IBus>();

        for (var copy = 0; copy < 3; copy++)
        {
            foreach (var encounter in encounters)
            {
                var encounterEvent = new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow);
                if (copy == 1)
                {
                    await EventPublisher.PublishRawAsync(Broker, EventPublisher.Json(encounterEvent));
                }
                else
                {
                    await bus.Publish(encounterEvent);
                }
            }
        }
        await recorder.WaitForAsync(r => r.NoteOutcomes + r.Failed.Count >= 3 * encounters.Count, TimeSpan.FromMinutes(3), "every delivery");

        Assert.Empty(recorder.Failed);
        Assert.True(!first.FhirRequests.Requests.IsEmpty && !second.FhirRequests.Requests.IsEmpty, "both workers should have consumed events");
        Assert.Equal(encounters.Count, recorder.Drafted.Count(d => d.Created));
        // Later deliveries find the draft already written from the same record and write nothing.
        Assert.All(recorder.Skipped, s => Assert.StartsWith(NoteSkipReasons.Unchanged, s.Reason, StringComparison.Ordinal));
        var documents = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=1000");
        Assert.Equal(encounters.Count, documents.Count);
        Assert.Equal(encounters.Select(e => e.Reference).Order(), documents.Select(d => d.Context.Encounter.Single().Reference).Order());
        Assert.Equal(encounters.Count, (await FhirQueries.SearchAsync<Provenance>(Fhir, "_count=1000")).Count);
        Assert.Single(await FhirQueries.SearchAsync<Device>(Fhir));
    }
}
