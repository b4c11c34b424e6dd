using MassTransit;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>
/// The tracker's queue: on RabbitMQ a single-active-consumer queue, so that however many receivers run, one of them
/// owns every subscription's bookkeeping and another takes over when it stops. Failures are retried a few times, then
/// dead-lettered with no fault published.
/// </summary>
public sealed class SubscriptionNotificationConsumerDefinition : ConsumerDefinition<SubscriptionNotificationConsumer>
{
    public const string QueueName = "subscription-notifications";

    public SubscriptionNotificationConsumerDefinition()
    {
        EndpointName = QueueName;
        ConcurrentMessageLimit = 8;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<SubscriptionNotificationConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SingleActiveConsumer = true;
        }
        endpointConfigurator.PublishFaults = false;
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
    }
}
