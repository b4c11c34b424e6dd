using FhirNoteService.Core.Configuration;
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
        services.AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(MessagingOptions.SectionName);
        var transport = configuration.GetSection(MessagingOptions.SectionName)[nameof(MessagingOptions.Transport)] ?? MessagingTransports.RabbitMq;
        services.AddMassTransit(bus =>
        {
            // MassTransit otherwise reports usage to its vendor over the internet: a hospital service calls no one home.
            bus.DisableUsageTelemetry();
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<EncounterEventConsumer, EncounterEventConsumerDefinition>();
            configureBus?.Invoke(bus);
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

    /// <summary>Adds the <see cref="DeadLetters.ErrorQueueClient"/> (list and re-publish dead letters) for the RabbitMQ in <c>Messaging</c>.</summary>
    public static IServiceCollection AddErrorQueue(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<MessagingOptions, MessagingOptionsValidator>(MessagingOptions.SectionName);
        services.TryAddSingleton<DeadLetters.ErrorQueueClient>();
        return services;
    }
}
