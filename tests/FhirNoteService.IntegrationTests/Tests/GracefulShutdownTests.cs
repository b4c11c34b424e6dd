using System.Diagnostics;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.Messaging;
using FhirNoteService.Messaging.DeadLetters;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>On SIGTERM, notes in flight finish within the grace period, or their messages go back to the queue.</summary>
[Trait("Category", "Integration")]
public sealed class GracefulShutdownTests : FreshServersTest
{
    [Fact]
    public async Task Sigterm_NotesInFlightWithinTheGracePeriod_FinishAndTheRestStayQueued()
    {
        var (model, encounters) = await StartAsync(TimeSpan.FromSeconds(3));
        await using var _ = model;
        // Disposed even when an assertion fails first: a worker left running would take the next test's CPU.
        await using var worker = await WorkerProcess.StartAsync(Settings(model, grace: TimeSpan.FromSeconds(20)), "graceful-shutdown");
        await PublishAsync(encounters);
        await WaitForModelCallsAsync(model, 2);

        var stopping = Stopwatch.StartNew();
        await worker.StopAsync(TimeSpan.FromSeconds(60));
        await worker.DisposeAsync();

        var drafts = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=100");
        Assert.Equal(2, drafts.Count);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"stopping took {stopping.Elapsed}");
        Assert.Equal(encounters.Count - 2, await Broker.MessagesInAsync(EncounterEventConsumerDefinition.QueueName));
        Assert.Equal(0, await Broker.MessagesInAsync(ErrorQueueClient.QueueName));
    }

    [Fact]
    public async Task Sigterm_NotesThatOutlastTheGracePeriod_ReturnToTheQueueAndAnotherWorkerDraftsThem()
    {
        var (model, encounters) = await StartAsync(TimeSpan.FromSeconds(60));
        await using var _ = model;
        // Disposed even when an assertion fails first: a worker left running would take the next test's CPU.
        await using var worker = await WorkerProcess.StartAsync(Settings(model, grace: TimeSpan.FromSeconds(2)), "graceful-shutdown");
        await PublishAsync(encounters);
        await WaitForModelCallsAsync(model, 2);

        var stopping = Stopwatch.StartNew();
        await worker.StopAsync(TimeSpan.FromSeconds(60));
        await worker.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"stopping took {stopping.Elapsed}");
        Assert.Empty(await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=100"));
        Assert.Equal(encounters.Count, await Broker.MessagesInAsync(EncounterEventConsumerDefinition.QueueName));
        Assert.Equal(0, await Broker.MessagesInAsync(ErrorQueueClient.QueueName));

        model.Default = Reply.Good();
        await using var successor = await WorkerProcess.StartAsync(Settings(model, grace: TimeSpan.FromSeconds(2)), "graceful-shutdown");
        var deadline = Stopwatch.StartNew();
        while ((await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=100")).Count < encounters.Count && deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(250);
        }
        var drafts = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=100");
        Assert.Equal(encounters.Select(e => e.Reference).Order(), drafts.Select(d => d.Context.Encounter.Single().Reference).Order());
    }

    private async Task<(FakeModelServer Model, IReadOnlyList<Worker.Demo.LoadedEncounter> Encounters)> StartAsync(TimeSpan modelLatency)
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Alberto_Atencio")).Take(4).ToList();
        var model = await FakeModelServer.StartAsync();
        model.Default = Reply.Good() with { Latency = modelLatency };
        return (model, encounters);
    }

    // Two notes at a time, so that two are in flight and the others wait in the queue (prefetch 2).
    private Dictionary<string, string> Settings(FakeModelServer model, TimeSpan grace) => new(Broker.WorkerSettings("__"))
    {
        ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
        ["Messaging__ConcurrencyLimit"] = "2",
        ["Messaging__PrefetchCount"] = "2",
        ["Messaging__ShutdownGracePeriod"] = grace.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Generation__Provider"] = "openai",
        ["Generation__Endpoint"] = $"{model.BaseUrl}v1/",
        ["Generation__Model"] = "slow-model",
        ["Generation__Timeout"] = "00:05:00",
    };

    private Task PublishAsync(IReadOnlyList<Worker.Demo.LoadedEncounter> encounters) =>
        EventPublisher.PublishFinishedAsync(Broker, encounters.Select(e => e.Reference));

    private static async Task WaitForModelCallsAsync(FakeModelServer model, int calls)
    {
        var deadline = Stopwatch.StartNew();
        while (model.Requests.Count < calls)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"only {model.Requests.Count} model calls began");
            await Task.Delay(100);
        }
    }
}
