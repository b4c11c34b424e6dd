using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>The operator commands that connect an EMR: <c>subscribe</c> (its Subscription) and <c>backfill</c> (a first install).</summary>
[Trait("Category", "Integration")]
public sealed class EmrSetupCommandTests : ReceiverScenario
{
    private const string Endpoint = "https://notes.hospital.example/events/emr";

    [Fact]
    public async Task Subscribe_CreatesTheBackportSubscriptionOnce_UpdatesItAfter_AndNeverPrintsTheToken()
    {
        var settings = new Dictionary<string, string>
        {
            ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
            ["Receiver__Sources__emr__Kind"] = "FhirSubscription",
            ["Receiver__Sources__emr__Token"] = ReceiverUnderTest.EmrToken,
            ["Receiver__Sources__emr__HeartbeatPeriod"] = "00:02:00",
        };
        var arguments = $"subscribe --source emr --endpoint {Endpoint} --topic http://emr.example/fhir/SubscriptionTopic/encounter-complete";

        var (created, firstOutput) = await WorkerProcess.RunCommandAsync(arguments, settings);
        var (updated, secondOutput) = await WorkerProcess.RunCommandAsync(arguments + " --payload full-resource", settings);

        Assert.True(created == 0, firstOutput);
        Assert.True(updated == 0, secondOutput);
        Assert.StartsWith("Created Subscription/", firstOutput, StringComparison.Ordinal);
        Assert.StartsWith("Updated Subscription/", secondOutput, StringComparison.Ordinal);
        Assert.Contains("$status", secondOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(ReceiverUnderTest.EmrToken, firstOutput + secondOutput, StringComparison.Ordinal);
        var subscription = Assert.Single(await FhirQueries.SearchAsync<Subscription>(Fhir));
        Assert.Equal("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription", Assert.Single(subscription.Meta.Profile));
        Assert.Equal(Subscription.SubscriptionChannelType.RestHook, subscription.Channel.Type);
        Assert.Equal(Endpoint, subscription.Channel.Endpoint);
        Assert.Equal([$"Authorization: Bearer {ReceiverUnderTest.EmrToken}"], subscription.Channel.Header);
        Assert.Equal("Encounter?status=finished", subscription.CriteriaElement.GetExtensionValue<FhirString>("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria").Value);
        Assert.Equal("full-resource", subscription.Channel.PayloadElement.GetExtensionValue<Code>("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content").Value);
        Assert.Equal(120, subscription.Channel.GetExtensionValue<UnsignedInt>("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period").Value);
    }

    [Fact]
    public async Task Backfill_PublishesEveryEncounterFinishedSince_AndTheyAreDrafted()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__")) { ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString() };

        var (exitCode, output) = await WorkerProcess.RunCommandAsync($"backfill --since {since.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}", settings);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"{encounters.Count} encounter event(s) published", output, StringComparison.Ordinal);
        var drafted = await DraftedEncountersAsync(encounters);
        Assert.Equal(encounters.Order(), drafted.Order());
    }

    [Fact]
    public async Task Backfill_WithTheFhirServerDown_SaysSoAndExits3()
    {
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__")) { ["Fhir__BaseUrl"] = "http://127.0.0.1:9/", ["Fhir__Timeout"] = "00:00:03" };
        var (exitCode, output) = await WorkerProcess.RunCommandAsync("backfill --since 2026-01-01T00:00:00Z", settings);
        Assert.Equal(3, exitCode);
        Assert.Contains("The FHIR server is not reachable", output, StringComparison.Ordinal);
    }
}
