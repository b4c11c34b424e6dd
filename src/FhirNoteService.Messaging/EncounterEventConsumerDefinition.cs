using System.Net.Mime;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging.Intake;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging;

/// <summary>
/// The endpoint policy for encounter events: a concurrency limit, a prefetch, exponential retry of draft conflicts
/// only, every body read by the worker's own deserializer (plain JSON from integration engines, MassTransit
/// envelopes, anything else refused with a reason), faults only to the error queue, and each failure announced once.
/// </summary>
public sealed class EncounterEventConsumerDefinition : ConsumerDefinition<EncounterEventConsumer>
{
    /// <summary>The queue the worker consumes from; plain-JSON publishers can send to it directly.</summary>
    public const string QueueName = "encounter-events";

    private readonly MessagingOptions _options;
    private readonly NoteTelemetry _telemetry;
    private readonly TimeProvider _clock;
    private readonly ILoggerFactory _loggers;

    public EncounterEventConsumerDefinition(IOptions<MessagingOptions> options, NoteTelemetry telemetry, TimeProvider clock, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _telemetry = telemetry;
        _clock = clock;
        _loggers = loggers;
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
        var intakeLog = _loggers.CreateLogger<EncounterEventDeserializer>();
        foreach (var contentType in new[] { "application/json", EventBody.EnvelopeContentType })
        {
            // The JSON one is the default: a body of any other content type, or of none, reaches it too, and is refused there.
            endpointConfigurator.AddDeserializer(
                new EncounterEventSerializerFactory(new ContentType(contentType), _options.MaxEventBytes, _telemetry, intakeLog),
                isDefault: contentType == "application/json");
        }
        endpointConfigurator.DefaultContentType = new ContentType("application/json");
        // Faults go to the error queue only: no Fault<T> published or sent to an address the message names.
        endpointConfigurator.PublishFaults = false;
        // Only a conflict is worth retrying here: the pipeline classifies everything else as permanent (dead-lettered at
        // once, no retry storm), and a dependency outage is waited out by the consumer, holding the message.
        endpointConfigurator.UseMessageRetry(retry =>
        {
            retry.Handle<DraftConflictException>();
            retry.Exponential(_options.RetryLimit, _options.RetryMinInterval, _options.RetryMaxInterval, _options.RetryMinInterval);
        });
        endpointConfigurator.UseFilter(new FailedEventFilter(_options.RetryLimit, _telemetry, _clock, _loggers.CreateLogger<FailedEventFilter>()));
    }
}
