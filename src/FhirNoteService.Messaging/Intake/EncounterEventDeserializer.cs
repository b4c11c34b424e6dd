using System.Net.Mime;
using System.Text.Json;
using FhirNoteService.Core.Pipeline;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Messaging.Intake;

/// <summary>
/// The one deserializer of the encounter-events endpoint, for every content type: it reads the event with
/// <see cref="EventBody"/> before MassTransit sees a byte of it, so that a body that cannot be an event is refused
/// (error queue, one log line, <c>fhirnoteservice.failures{kind=InvalidEvent}</c>) with the service's own reason,
/// never a parser's message quoting the body. What MassTransit then consumes is the event as the worker read it, with
/// only the ids of its headers (<see cref="TrustedHeaders"/>).
/// </summary>
internal sealed class EncounterEventDeserializer(ContentType contentType, int maxEventBytes, NoteTelemetry telemetry, ILogger logger)
    : IMessageDeserializer
{
    private static readonly SystemTextJsonRawMessageSerializer Raw = new(RawSerializerOptions.AnyMessageType);

    public ContentType ContentType => contentType;

    public ConsumeContext Deserialize(ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(receiveContext);
        var received = Read(receiveContext.Body.GetBytes(), TransportLabels.Of(receiveContext));
        var headers = received.Envelope is { } ids ? TrustedHeaders.Of(ids) : new TrustedHeaders(receiveContext.TransportHeaders);
        return new BodyConsumeContext(receiveContext, Raw.Deserialize(Canonical(received), headers, receiveContext.InputAddress));
    }

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(headers);
        var received = Read(body.GetBytes(), new BodyLabels(headers.Get<string>(MessageHeaders.ContentType), null));
        return Raw.Deserialize(Canonical(received), new TrustedHeaders(headers), destinationAddress);
    }

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    public void Probe(ProbeContext context) => context?.Add("encounterEventDeserializer", contentType.MediaType);

    private ReceivedEvent Read(byte[] body, BodyLabels labels)
    {
        try
        {
            return EventBody.Read(body, labels, maxEventBytes);
        }
        catch (PermanentNoteFailureException refused)
        {
            telemetry.PermanentFailure(logger, refused);
            throw;
        }
    }

    // The event as the worker read it, in its one spelling: whatever else the body held goes no further.
    private static BytesMessageBody Canonical(ReceivedEvent received) => new(JsonSerializer.SerializeToUtf8Bytes(received.Event));
}
