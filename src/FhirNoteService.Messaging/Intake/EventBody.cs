using System.Text.Json;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Pipeline;

namespace FhirNoteService.Messaging.Intake;

/// <summary>
/// Reads an encounter event from the bytes of a message, so that whatever is wrong with it is said in the service's
/// own words: the content type and encoding, the size, the JSON, the envelope, each field. A reason names kinds,
/// fields and positions (line and byte), never what the sender wrote; a parser's message is never passed on.
/// </summary>
public static class EventBody
{
    /// <summary>The content type of a MassTransit envelope.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    /// <summary>How deep an event may nest: it is a flat object; an envelope adds two levels and its headers a few more.</summary>
    public const int MaxDepth = 16;

    private static readonly string[] PlainContentTypes = ["", "application/json", "text/json"];

    /// <summary>
    /// The event in <paramref name="body"/>, or a <see cref="PermanentNoteFailureException"/> of kind
    /// <see cref="PermanentFailureKind.InvalidEvent"/> saying why the body cannot be one.
    /// </summary>
    public static ReceivedEvent Read(ReadOnlySpan<byte> body, BodyLabels labels, int maxEventBytes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var mediaType = MediaTypes.Check(labels.ContentType);
        var json = EventBytes.Decode(body, labels.ContentEncoding, maxEventBytes);
        JsonWellFormed.Check(json, MaxDepth);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        var root = document.RootElement;
        var isObject = root.ValueKind == JsonValueKind.Object;
        if (isObject && mediaType == EnvelopeContentType)
        {
            var envelope = Envelope.Read(root);
            return new ReceivedEvent(Event(envelope.Message), envelope.Ids);
        }
        if (isObject && JsonProperties.Find(root, "messageType") is not null && JsonProperties.Find(root, "message") is not null)
        {
            throw Refusal($"the body is a MassTransit envelope sent as {(mediaType.Length == 0 ? "no content type" : mediaType)}; send it as {EnvelopeContentType}, or send the plain event");
        }
        // Anything but an object is refused by the event's own reader, which says what it is instead ("not an array").
        return new ReceivedEvent(Event(root), null);
    }

    /// <summary>The refusal of an event, with <paramref name="reason"/>.</summary>
    internal static PermanentNoteFailureException Refusal(string reason) => new(PermanentFailureKind.InvalidEvent, reason);

    private static EncounterEvent Event(JsonElement element)
    {
        try
        {
            return EncounterEventJsonConverter.FromJson(element);
        }
        catch (JsonException invalid)
        {
            // The converter's messages are its own words about a field (see FromJson), never the value.
            throw new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, invalid.Message);
        }
    }

    private static class MediaTypes
    {
        public static string Check(string? contentType)
        {
            var parts = (contentType ?? string.Empty).Split(';');
            var mediaType = parts[0].Trim().ToLowerInvariant();
            if (mediaType != EnvelopeContentType && !PlainContentTypes.Contains(mediaType))
            {
                throw Refusal($"the content type is not JSON; send the event as application/json (or a MassTransit envelope as {EnvelopeContentType})");
            }
            foreach (var parameter in parts.Skip(1))
            {
                var (name, value) = Split(parameter);
                if (name == "charset" && value is not ("utf-8" or "utf8"))
                {
                    throw Refusal("the content type names a charset other than UTF-8; send the event as UTF-8 JSON");
                }
            }
            return mediaType;
        }

        private static (string Name, string Value) Split(string parameter)
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? (parameter.Trim().ToLowerInvariant(), string.Empty)
                : (parameter[..equals].Trim().ToLowerInvariant(), parameter[(equals + 1)..].Trim().Trim('"').ToLowerInvariant());
        }
    }
}

/// <summary>What the transport says about a body: its content type and content encoding, as the sender set them.</summary>
public sealed record BodyLabels(string? ContentType, string? ContentEncoding);

/// <summary>An event read from a message, with the identifiers of the envelope it came in, if any.</summary>
public sealed record ReceivedEvent(EncounterEvent Event, EnvelopeIds? Envelope);

/// <summary>The identifiers a MassTransit envelope carried, each only when it is a GUID.</summary>
public sealed record EnvelopeIds(Guid? MessageId, Guid? ConversationId, Guid? CorrelationId);
