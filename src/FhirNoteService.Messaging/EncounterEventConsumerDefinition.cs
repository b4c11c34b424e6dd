using System.Net.Mime;
using FhirNoteService.Core.Drafts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging;

/// <summary>
/// The endpoint policy for encounter events: a concurrency limit, a prefetch, exponential retry of draft conflicts
/// only, plain JSON accepted beside MassTransit envelopes (integration engines publish raw JSON), and deliveries of
/// the same encounter drafted one at a time.
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
        endpointConfigurator.UseFilter(new EventBodyFilter(_options.MaxEventBytes));
        // Only a conflict is worth retrying here: the pipeline classifies everything else as permanent (dead-lettered at
        // once, no retry storm), and a dependency outage is waited out by the consumer, holding the message.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<DraftConflictException>();
            retry.Exponential(_options.RetryLimit, _options.RetryMinInterval, _options.RetryMaxInterval, _options.RetryMinInterval);
        });
    }
}
