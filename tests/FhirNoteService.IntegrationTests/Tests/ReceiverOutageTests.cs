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
}
