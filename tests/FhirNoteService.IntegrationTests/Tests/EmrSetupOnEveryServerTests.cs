using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.Messaging;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// What the receiver role asks of the FHIR server (the catch-up search, through <c>backfill</c>) and what
/// <c>subscribe</c> writes, against the strict sandbox and each quirk of independent servers.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EmrSetupOnEveryServerTests
{
    public static TheoryData<string> Modes => new(SandboxQuirks.EveryMode);

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task CatchUpSearchAndSubscribe_OnEveryServer_FindEveryFinishedEncounterOnce_AndKeepOneSubscription(string mode)
    {
        await using var fhir = await SandboxFhirServer.StartAsync(mode);
        await using var broker = await RabbitMqBroker.StartAsync();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var encounters = await SyntheaPatients.LoadAsync(fhir.Http, "Edward_Gulgowski");
        // A worker declares its queue and stops: what backfill publishes waits there to be counted.
        await (await WorkerProcess.StartAsync(new Dictionary<string, string>(broker.WorkerSettings("__")) { ["Fhir__BaseUrl"] = fhir.BaseUrl.ToString() }, "every-server-worker")).DisposeAsync();
        var settings = new Dictionary<string, string>(broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = fhir.BaseUrl.ToString(),
            ["Receiver__Sources__emr__Kind"] = "FhirSubscription",
            ["Receiver__Sources__emr__Token"] = ReceiverUnderTest.EmrToken,
        };

        var (backfilled, backfillOutput) = await WorkerProcess.RunCommandAsync($"backfill --since {since.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}", settings);
        Assert.True(backfilled == 0, backfillOutput);
        Assert.Contains($"{encounters.Count} encounter event(s) published", backfillOutput, StringComparison.Ordinal);
        Assert.Equal(encounters.Count, await broker.MessagesInAsync(EncounterEventConsumerDefinition.QueueName));

        const string Arguments = "subscribe --source emr --endpoint https://notes.hospital.example/events/emr --topic http://emr.example/fhir/SubscriptionTopic/encounter-complete";
        foreach (var expected in new[] { "Created", "Updated" })
        {
            var (exitCode, output) = await WorkerProcess.RunCommandAsync(Arguments, settings);
            Assert.True(exitCode == 0, output);
            Assert.StartsWith($"{expected} Subscription/", output, StringComparison.Ordinal);
        }
        Assert.Single(await FhirQueries.SearchAsync<Subscription>(fhir));
    }
}
