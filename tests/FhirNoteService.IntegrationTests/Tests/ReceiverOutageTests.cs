using System.Diagnostics;
using System.Net;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>An acknowledged delivery is never lost: not when the broker is down, not when the receiver dies mid-run.</summary>
[Collection(FaultSuiteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class ReceiverOutageTests : ReceiverScenario
{
    [Fact]
    public async Task BrokerDown_TheReceiverAnswers503_AndTheSendersRetryIsDraftedOnceItIsBack()
    {
        var encounter = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski"))[0].Reference;
        await using var worker = await StartWorkerAsync();
        await using var receiver = await StartReceiverAsync(new Dictionary<string, string> { ["Receiver__PublishTimeout"] = ReceiverUnderTest.Seconds(2) });
        var notification = EmrNotifications.IdOnly(1, encounter, DateTimeOffset.UtcNow);

        await RabbitMqBroker.StopBrokerAsync();
        try
        {
            var refused = await receiver.PostSubscriptionAsync(notification);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            await RabbitMqBroker.StartBrokerAsync();
        }

        // The sender retries, as a rest-hook sender with retries does, until the receiver takes it.
        var deadline = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(500);
            status = (await receiver.PostSubscriptionAsync(notification)).StatusCode;
        }
        while (status != HttpStatusCode.OK && deadline.Elapsed < TimeSpan.FromSeconds(90));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([encounter], await DraftedEncountersAsync([encounter], TimeSpan.FromSeconds(90)));
    }

    [Fact]
    public async Task ReceiverKilledMidRun_EveryAcknowledgedNotificationIsDrafted()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski", "Liz_Conn", "Buster_Hoeger", "Gustavo_Mejia")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        var receiver = await StartReceiverAsync();
        var acknowledged = new List<string>();
        try
        {
            var now = DateTimeOffset.UtcNow;
            var deliveries = encounters.Select((encounter, i) => (encounter, answer: receiver.PostSubscriptionAsync(EmrNotifications.IdOnly(i + 1, encounter, now)))).ToList();
            await Task.WhenAny(deliveries.Select(d => d.answer));
            await receiver.Process.KillAsync();
            foreach (var (encounter, answer) in deliveries)
            {
                try
                {
                    if ((await answer).StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(encounter);
                    }
                }
                catch (HttpRequestException)
                {
                    // Not acknowledged: the sender would send it again.
                }
            }
        }
        finally
        {
            await receiver.DisposeAsync();
        }

        Assert.NotEmpty(acknowledged);
        // What was acknowledged waits in the tracker's queue; the next receiver's tracker takes it.
        await using var successor = await StartReceiverAsync();
        var drafted = await DraftedEncountersAsync(acknowledged, TimeSpan.FromSeconds(90));
        Assert.Subset(drafted.ToHashSet(), acknowledged.ToHashSet());
    }

    [Fact]
    public async Task ReceiverDownWhileTheEmrNotified_TheNextReceiverCatchesUpOnFirstContact()
    {
        var encounters = (await SyntheaPatients.LoadAsync(Fhir.Http, "Edward_Gulgowski")).Select(e => e.Reference).ToList();
        await using var worker = await StartWorkerAsync();
        var before = await StartReceiverAsync();
        Assert.Equal(HttpStatusCode.OK, (await before.PostSubscriptionAsync(EmrNotifications.IdOnly(1, encounters[0], DateTimeOffset.UtcNow))).StatusCode);
        await DraftedEncountersAsync([encounters[0]]);
        await before.DisposeAsync();

        // While no receiver runs, an encounter finishes; the EMR's notification of it fails and is never sent again.
        await Task.Delay(50);
        var missed = encounters[1];
        await TouchAsync(missed);
        await using var after = await StartReceiverAsync(new Dictionary<string, string> { ["Subscriptions__FirstContactCatchUp"] = "00:01:00" });
        Assert.Equal(HttpStatusCode.OK, (await after.PostSubscriptionAsync(EmrNotifications.IdOnly(3, encounters[2], DateTimeOffset.UtcNow))).StatusCode);

        // The catch-up reaches back a minute: the other encounters loaded then are drafted too, which costs a read each.
        var drafted = await DraftedEncountersAsync([encounters[0], missed, encounters[2]]);
        Assert.Subset(drafted.ToHashSet(), new HashSet<string> { encounters[0], missed, encounters[2] });
        Assert.Contains("Catching up (first-contact)", await File.ReadAllTextAsync(after.Process.LogFile), StringComparison.Ordinal);
    }
}
