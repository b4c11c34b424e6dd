using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Receiver;

/// <summary>
/// Publishes what a delivery became and returns only when the broker confirmed every message (MassTransit's RabbitMQ
/// publisher confirms), or reports that it could not within <see cref="ReceiverOptions.PublishTimeout"/>.
/// </summary>
internal sealed class BusForwarder(IBus bus, IOptions<ReceiverOptions> options)
{
    // A confirm alone does not say a queue holds the message: RabbitMQ confirms what no queue is bound for, and drops
    // it. Mandatory publishes are returned instead, and fail: until a worker has declared its queue, senders get 503.
    private static void Mandatory(PublishContext context)
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    }

    public async Task<Forwarding> PublishAsync(Delivery delivery, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(options.Value.PublishTimeout);
        try
        {
            var publishes = delivery.Events.Select(e => bus.Publish(e, (Action<PublishContext<Contracts.EncounterEvent>>)Mandatory, timeout.Token)).ToList();
            if (delivery.Notification is { } notification)
            {
                publishes.Add(bus.Publish(notification, (Action<PublishContext<Contracts.SubscriptionNotification>>)Mandatory, timeout.Token));
            }
            await Task.WhenAll(publishes);
            return Forwarding.Confirmed;
        }
        catch (MessageReturnedException)
        {
            return Forwarding.NoQueue;
        }
        catch (Exception error) when (error is OperationCanceledException or MassTransitException or TimeoutException or InvalidOperationException or RabbitMQ.Client.Exceptions.RabbitMQClientException && !aborted.IsCancellationRequested)
        {
            return Forwarding.NotConfirmed;
        }
    }
}

/// <summary>What became of a delivery's messages.</summary>
internal enum Forwarding
{
    /// <summary>The broker confirmed every message into a queue.</summary>
    Confirmed,

    /// <summary>The broker did not confirm in time (down, blocked, unreachable).</summary>
    NotConfirmed,

    /// <summary>The broker returned a message: no queue is bound for it yet (no worker or tracker has declared its queue).</summary>
    NoQueue,
}
