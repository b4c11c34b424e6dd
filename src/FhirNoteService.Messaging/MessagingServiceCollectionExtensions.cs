using FhirNoteService.Core.CatchUp;
using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging;

/// <summary>Registers the bus, the encounter event consumer and its endpoint.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds MassTransit on the transport named in <c>Messaging:Transport</c> with the encounter event consumer.
    /// <paramref name="configureBus"/> lets a host add its own consumers (the demo counts drafts that way).
    /// </summary>
    public static IServiceCollection AddMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddBus(services, configuration, bus =>
        {
            bus.AddConsumer<EncounterEventConsumer, EncounterEventConsumerDefinition>();
            configureBus?.Invoke(bus);
        });
        services.TryAddSingleton(TimeProvider.System);
        ReceiveFaultLogFilter.Install(services);
        services.TryAddSingleton<ConsumptionGate>();
        services.TryAddSingleton<EncounterTurns>();
        services.AddHealthChecks().AddCheck<ConsumptionHealthCheck>(ConsumptionHealthCheck.Name, tags: ["ready"]);
        // Graceful shutdown: consumers get the grace period, then their cancellation token fires and the messages
        // still in flight return to the queue unacknowledged; the bus waits a little longer for them.
        services.AddOptions<MassTransitHostOptions>().Configure<IOptions<MessagingOptions>>((host, messaging) =>
        {
            host.WaitUntilStarted = true;
            host.ConsumerStopTimeout = messaging.Value.ShutdownGracePeriod;
            host.StopTimeout = messaging.Value.ShutdownGracePeriod + TimeSpan.FromSeconds(10);
        });
        return services;
    }

    /// <summary>
    /// The event receiver's bus: it publishes encounter events and subscription notifications, and hosts the one
    /// subscription tracker (<see cref="SubscriptionNotificationConsumer"/>) with its watch for gaps and missed
    /// heartbeats. Unlike the worker's, it starts while the broker is down: the receiver answers 503 until it is back.
    /// Needs <see cref="IFinishedEncounterSearch"/> (FHIR access) for catch-ups.
    /// </summary>
    public static IServiceCollection AddReceiverMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddBus(services, configuration, bus => bus.AddConsumer<SubscriptionNotificationConsumer, SubscriptionNotificationConsumerDefinition>());
        services.AddValidatedOptions<SubscriptionTrackingOptions, SubscriptionTrackingOptionsValidator>(SubscriptionTrackingOptions.SectionName);
        services.AddCatchUp(configuration);
        services.TryAddSingleton<SubscriptionLedger>();
        services.TryAddSingleton<CatchUpRetries>();
        services.AddHostedService<SubscriptionWatch>();
        services.AddOptions<MassTransitHostOptions>().Configure(host => host.WaitUntilStarted = false);
        return services;
    }

    /// <summary>
    /// <see cref="EncounterCatchUp"/> on a bus of its own with no consumers (the <c>backfill</c> command); hosts that
    /// already have a bus get the catch-up alone.
    /// </summary>
    public static IServiceCollection AddCatchUp(this IServiceCollection services, IConfiguration configuration, bool withBus = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (withBus)
        {
            AddBus(services, configuration, _ => { });
        }
        services.AddValidatedOptions<EventOptions, EventOptionsValidator>(EventOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NoteTelemetry>();
        services.TryAddSingleton<EncounterCatchUp>();
        return services;
    }

    private static void AddBus(IServiceCollection services, IConfiguration configuration, Action<IBusRegistrationConfigurator> addConsumers)
    {
        services.AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(MessagingOptions.SectionName);
        var transport = configuration.GetSection(MessagingOptions.SectionName)[nameof(MessagingOptions.Transport)] ?? MessagingTransports.RabbitMq;
        services.AddMassTransit(bus =>
        {
            // MassTransit otherwise reports usage to its vendor over the internet: a hospital service calls no one home.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            addConsumers(bus);
            if (string.Equals(transport, MessagingTransports.InMemory, StringComparison.OrdinalIgnoreCase))
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
            else
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    var rabbit = context.GetRequiredService<IOptions<MessagingOptions>>().Value.RabbitMq;
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                        if (rabbit.UseTls)
                        {
                            host.UseSsl(ssl => ssl.ServerName = rabbit.Host);
                        }
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
    }

    /// <summary>Adds the <see cref="DeadLetters.ErrorQueueClient"/> (list and re-publish dead letters) for the RabbitMQ in <c>Messaging</c>.</summary>
    public static IServiceCollection AddErrorQueue(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(MessagingOptions.SectionName);
        services.TryAddSingleton<DeadLetters.ErrorQueueClient>();
        return services;
    }
}
