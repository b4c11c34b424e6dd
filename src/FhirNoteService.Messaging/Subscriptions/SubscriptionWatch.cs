using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>
/// Every <see cref="SubscriptionTrackingOptions.CheckInterval"/>, runs the catch-ups that are due (a gap past its grace,
/// a missed heartbeat) and those that failed before.
/// </summary>
public sealed class SubscriptionWatch(
    SubscriptionLedger ledger,
    CatchUpRetries retries,
    EncounterCatchUp catchUp,
    IBus bus,
    IOptions<SubscriptionTrackingOptions> options) : BackgroundService
{
    /// <summary>Failed catch-ups are tried again no more often than this.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval);
        var lastRetry = DateTimeOffset.MinValue;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = ledger.Due().ToList();
            if (DateTimeOffset.UtcNow - lastRetry >= RetryInterval)
            {
                due.AddRange(retries.TakeAll());
                lastRetry = DateTimeOffset.UtcNow;
            }
            foreach (var request in due)
            {
                await retries.RunOrKeepAsync(catchUp, request, bus, stoppingToken);
            }
        }
    }
}
