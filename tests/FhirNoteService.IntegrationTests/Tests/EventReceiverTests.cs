using System.Net;
using System.Text.Json.Nodes;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.Messaging;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The receiver role of the real binary, posted to as EMRs post: Subscription notifications of every type and payload,
/// Event Grid and CloudEvents deliveries with their handshakes, and the bad ones. Drafts are looked for in the sandbox.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EventReceiverTests : ReceiverScenario
{
    [Fact]
    public async Task SubscriptionNotifications_EveryTypeAndPayload_DraftTheirEncounters()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        await using var receiver = await StartReceiverAsync();

        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.Handshake())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.Heartbeat(0))).StatusCode);
        var idOnly = encounters[0];
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.IdOnly(1, idOnly, DateTimeOffset.UtcNow))).StatusCode);
        var fullResource = encounters[1];
        var fullJson = await Fhir.Http.GetStringAsync(fullResource);
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.FullResource(2, fullResource, fullJson, DateTimeOffset.UtcNow))).StatusCode);
        // An empty payload names no encounter: the tracker searches for what finished since the event.
        var eventTime = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        var emptyPayload = encounters[2];
        await TouchAsync(emptyPayload);
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.Empty(3, eventTime))).StatusCode);

        var drafted = await DraftedEncountersAsync([idOnly, fullResource, emptyPayload]);
        Assert.Equal(new[] { idOnly, fullResource, emptyPayload }.Order(), drafted.Order());
    }

    [Fact]
    public async Task SubscriptionNotifications_ASkippedEventNumber_IsCaughtUpBySearch()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        await using var receiver = await StartReceiverAsync();

        var first = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.IdOnly(1, encounters[0], first))).StatusCode);
        // The tracker has taken event 1 once its encounter is drafted: what it knows starts there.
        await DraftedEncountersAsync([encounters[0]]);
        // Event 2 happens in the EMR, but its notification is never delivered.
        var skipped = encounters[1];
        await TouchAsync(skipped);
        var third = encounters[2];
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.IdOnly(3, third, DateTimeOffset.UtcNow))).StatusCode);

        var drafted = await DraftedEncountersAsync([encounters[0], skipped, third]);
        Assert.Equal(new[] { encounters[0], skipped, third }.Order(), drafted.Order());
        Assert.Contains("Catching up (gap)", await File.ReadAllTextAsync(receiver.Process.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionNotifications_OutOfOrderWithinTheGrace_AreNoGap()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        await using var receiver = await StartReceiverAsync(new Dictionary<string, string> { ["Subscriptions__GapGrace"] = "00:00:05" });

        var now = DateTimeOffset.UtcNow;
        var deliveries = new[] { (3, encounters[2]), (1, encounters[0]), (2, encounters[1]) }
            .Select(d => receiver.PostSubscriptionAsync(EmrNotifications.IdOnly(d.Item1, d.Item2, now, eventsSinceStart: 3)));
        Assert.All(await Task.WhenAll(deliveries), response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));

        await DraftedEncountersAsync(encounters.Take(3));
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.DoesNotContain("Catching up", await File.ReadAllTextAsync(receiver.Process.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubscriptionNotifications_AMissedHeartbeat_IsCaughtUpBySearch()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        await using var receiver = await StartReceiverAsync(new Dictionary<string, string> { ["Receiver__Sources__emr__HeartbeatPeriod"] = "00:00:02" });

        Assert.Equal(HttpStatusCode.OK, (await receiver.PostSubscriptionAsync(EmrNotifications.Heartbeat(0))).StatusCode);
        await Task.Delay(50);
        // The encounter finishes; its notification and every heartbeat after it are lost.
        var missed = encounters[3];
        await TouchAsync(missed);

        var drafted = await DraftedEncountersAsync([missed]);
        Assert.Equal([missed], drafted);
        Assert.Contains("Catching up (missed-heartbeat)", await File.ReadAllTextAsync(receiver.Process.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadDeliveries_AreRefusedWithTheirStatus_AndPublishNothing()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0].Reference;
        await using var receiver = await StartReceiverAsync(new Dictionary<string, string> { ["Receiver__MaxBodyBytes"] = "8192" });
        var good = EmrNotifications.IdOnly(1, encounter, DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.Unauthorized, (await receiver.PostSubscriptionAsync(good, token: ReceiverUnderTest.GridToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await receiver.PostSubscriptionAsync(good, token: ReceiverUnderTest.EmrToken + "x")).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await receiver.PostSubscriptionAsync(good, contentType: "text/plain")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await receiver.PostAsync("nobody", good, ReceiverUnderTest.EmrToken, "application/fhir+json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await receiver.PostSubscriptionAsync("{\"resourceType\":\"Bundle\",")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await receiver.PostSubscriptionAsync("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Quixote\"}]}}]}")).StatusCode);
        var notANumber = JsonNode.Parse(good)!;
        notANumber["entry"]![0]!["resource"]!["parameter"]![4]!["valueString"] = "many";
        var refused = await receiver.PostSubscriptionAsync(notANumber.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("events-since-subscription-start", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var oversized = JsonNode.Parse(good)!;
        oversized["id"] = new string('x', 9000);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await receiver.PostSubscriptionAsync(oversized.ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await receiver.PostEventGridAsync("[{\"id\":1}]")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await receiver.PostCloudEventAsync("{\"specversion\":\"1.0\",\"type\":\"x\"}")).StatusCode);

        Assert.Equal(0, await Broker.MessagesInAsync(Messaging.Subscriptions.SubscriptionNotificationConsumerDefinition.QueueName));
        var log = await File.ReadAllTextAsync(receiver.Process.LogFile);
        Assert.DoesNotContain("Quixote", log, StringComparison.Ordinal);
        Assert.DoesNotContain(ReceiverUnderTest.EmrToken, log, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventGrid_HandshakeCreatedUpdatedDuplicateAndOtherResources_PublishOneEventPerEncounterVersion()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference["Encounter/".Length..]).ToList();
        // The worker declares its queue, then stops: what the receiver publishes waits there to be counted.
        await (await StartWorkerAsync()).DisposeAsync();
        await using var receiver = await StartReceiverAsync();

        var validation = await receiver.PostEventGridAsync(EmrNotifications.EventGridValidation("512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
        Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonNode.Parse(await validation.Content.ReadAsStringAsync())!["validationResponse"]!.GetValue<string>());
        foreach (var delivery in new[]
        {
            EmrNotifications.EventGrid("Microsoft.HealthcareApis.FhirResourceCreated", "Encounter", encounters[0], 1),
            EmrNotifications.EventGrid("Microsoft.HealthcareApis.FhirResourceUpdated", "Encounter", encounters[1], 2),
            EmrNotifications.EventGrid("Microsoft.HealthcareApis.FhirResourceUpdated", "Encounter", encounters[1], 2),
            EmrNotifications.EventGrid("Microsoft.HealthcareApis.FhirResourceUpdated", "Patient", "some-patient", 3),
            EmrNotifications.EventGrid("Microsoft.HealthcareApis.FhirResourceDeleted", "Encounter", encounters[2], 4),
        })
        {
            Assert.Equal(HttpStatusCode.OK, (await receiver.PostEventGridAsync(delivery)).StatusCode);
        }
        Assert.Equal(2, await Broker.MessagesInAsync(EncounterEventConsumerDefinition.QueueName));

        await using var worker = await StartWorkerAsync();
        var drafted = await DraftedEncountersAsync([$"Encounter/{encounters[0]}", $"Encounter/{encounters[1]}"]);
        Assert.Equal(new[] { $"Encounter/{encounters[0]}", $"Encounter/{encounters[1]}" }.Order(), drafted.Order());
    }

    [Fact]
    public async Task CloudEvents_HandshakeSingleAndBatch_DraftTheirEncounters()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference["Encounter/".Length..]).ToList();
        await using var worker = await StartWorkerAsync();
        await using var receiver = await StartReceiverAsync();

        var granted = await receiver.OptionsAsync("cloud", "eventgrid.azure.net");
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal("eventgrid.azure.net", granted.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal(HttpStatusCode.Forbidden, (await receiver.OptionsAsync("cloud", "attacker.example")).StatusCode);

        var single = EmrNotifications.CloudEvent("Microsoft.HealthcareApis.FhirResourceCreated", "Encounter", encounters[0], 1).ToJsonString();
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostCloudEventAsync(single)).StatusCode);
        var batch = new JsonArray(
            EmrNotifications.CloudEvent("Microsoft.HealthcareApis.FhirResourceUpdated", "Encounter", encounters[1], 2),
            EmrNotifications.CloudEvent("Microsoft.HealthcareApis.FhirResourceUpdated", "Observation", "obs-1", 1));
        Assert.Equal(HttpStatusCode.OK, (await receiver.PostCloudEventAsync(batch.ToJsonString(), batch: true)).StatusCode);

        var expected = new[] { $"Encounter/{encounters[0]}", $"Encounter/{encounters[1]}" };
        var drafted = await DraftedEncountersAsync(expected);
        Assert.Equal(expected.Order(), drafted.Order());
    }
}
