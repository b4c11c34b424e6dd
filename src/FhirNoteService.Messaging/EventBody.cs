using System.Text;
using System.Text.Json;

namespace FhirNoteService.Messaging;

/// <summary>
/// Reads the bytes of an incoming message, so that what is wrong with its form is said in the service's own words:
/// the content type, the shape of the body. Positions and kinds are named, values never.
/// </summary>
public static class EventBody
{
    /// <summary>The content type of a MassTransit envelope.</summary>
    public const string EnvelopeContentType = "application/vnd.masstransit+json";

    private static readonly string[] PlainContentTypes = ["", "application/json", "text/json"];

    /// <summary>Why the body cannot be an encounter event, or null when it may be one.</summary>
    public static string? Problem(ReadOnlySpan<byte> body, string? contentType)
    {
        var mediaType = (contentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var envelope = mediaType == EnvelopeContentType;
        if (!envelope && !PlainContentTypes.Contains(mediaType))
        {
            return "the content type is not JSON; send the event as application/json (or a MassTransit envelope as application/vnd.masstransit+json)";
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException error)
        {
            return $"the body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})";
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "an encounter event must be a JSON object";
            }
            return !envelope && JsonProperties.Find(root, "messageType") is not null && JsonProperties.Find(root, "message") is not null
                ? $"the body is a MassTransit envelope sent as {(mediaType.Length == 0 ? "no content type" : mediaType)}; send it as {EnvelopeContentType}, or send the plain event"
                : null;
        }
    }
}
