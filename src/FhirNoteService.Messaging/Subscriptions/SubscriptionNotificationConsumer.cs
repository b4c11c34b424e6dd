using FhirNoteService.Contracts;
using FhirNoteService.Core.Events;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>
/// The subscription tracker: turns each notification's Encounter focuses into encounter events, records its numbers in
/// the <see cref="SubscriptionLedger"/>, and runs at once the catch-ups the notification itself calls for (an empty
/// payload, an error status, first contact). One consumer is active at a time (a single-active-consumer queue), so one
/// ledger sees every notification.
/// </summary>
public sealed class SubscriptionNotificationConsumer(
    SubscriptionLedger ledger,
    EncounterCatchUp catchUp,
    CatchUpRetries retries,
    IOptions<EventOptions> events) : IConsumer<SubscriptionNotification>
{
    public async Task Consume(ConsumeContext<SubscriptionNotification> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var notification = context.Message;
        var publishes = notification.Events
            .Where(e => e.Focus is not null && EncounterId.TryParse(e.Focus, out _, out _))
            .Select(e => context.Publish(
                new EncounterEvent(e.Focus!, EncounterEventKinds.Updated, e.Timestamp ?? notification.ReceivedAt, e.FocusVersionId, notification.SourceSystem ?? events.Value.SourceSystem),
                context.CancellationToken));
        await Task.WhenAll(publishes);
        foreach (var request in ledger.Record(notification))
        {
            await retries.RunOrKeepAsync(catchUp, request, context, context.CancellationToken);
        }
    }
}
