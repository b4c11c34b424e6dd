using FhirNoteService.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirNoteService.Receiver;

/// <summary>Registers the HTTP event receiver; the host maps it with <see cref="EventReceiverEndpoints.MapEventReceiver"/>.</summary>
public static class ReceiverServiceCollectionExtensions
{
    /// <summary>
    /// Adds the receiver's settings (<c>Receiver</c>), its duplicate filter and its publisher. Needs a bus (the receiver's
    /// messaging) and <see cref="Core.Pipeline.NoteTelemetry"/>.
    /// </summary>
    public static IServiceCollection AddEventReceiver(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<ReceiverOptions, ReceiverOptionsValidator>(ReceiverOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RecentVersions>();
        services.TryAddSingleton<BusForwarder>();
        return services;
    }
}
