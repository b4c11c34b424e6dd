using System.Net.Mime;
using System.Text.Json;
using FhirNoteService.Core.Pipeline;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging;

/// <summary>
/// The endpoint policy for encounter events: a concurrency limit, exponential retry of transient failures only,
/// and plain JSON accepted beside MassTransit envelopes (integration engines publish raw JSON).
/// </summary>
public sealed class EncounterEventConsumerDefinition : ConsumerDefinition<EncounterEventConsumer>
{
    /// <summary>The queue the worker consumes from; plain-JSON publishers can send to it directly.</summary>
    public const string QueueName = "encounter-events";

    private readonly MessagingOptions _options;

    public EncounterEventConsumerDefinition(IOptions<MessagingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = QueueName;
        ConcurrentMessageLimit = _options.ConcurrencyLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<EncounterEventConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.PrefetchCount = _options.PrefetchCount;
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        endpointConfigurator.DefaultContentType = new ContentType("application/json");
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Ignore<PermanentNoteFailureException>();
            retry.Ignore<JsonException>();
            retry.Ignore<System.Runtime.Serialization.SerializationException>();
            retry.Exponential(_options.RetryLimit, _options.RetryMinInterval, _options.RetryMaxInterval, _options.RetryMinInterval);
        });
    }
}
