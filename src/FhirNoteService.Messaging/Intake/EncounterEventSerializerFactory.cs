using System.Net.Mime;
using FhirNoteService.Core.Pipeline;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Messaging.Intake;

/// <summary>Registers <see cref="EncounterEventDeserializer"/> for one content type on the encounter-events endpoint.</summary>
internal sealed class EncounterEventSerializerFactory(ContentType contentType, int maxEventBytes, NoteTelemetry telemetry, ILogger logger)
    : ISerializerFactory
{
    public ContentType ContentType => contentType;

    // The endpoint only deserializes with this factory; what the worker publishes is serialized by the bus.
    public IMessageSerializer CreateSerializer() => new SystemTextJsonRawMessageSerializer(RawSerializerOptions.Default);

    public IMessageDeserializer CreateDeserializer() => new EncounterEventDeserializer(contentType, maxEventBytes, telemetry, logger);
}
