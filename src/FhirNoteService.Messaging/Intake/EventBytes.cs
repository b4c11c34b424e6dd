using System.IO.Compression;

namespace FhirNoteService.Messaging.Intake;

/// <summary>
/// Turns a message body into the UTF-8 JSON it carries, as integration engines send it: gzip-compressed when the
/// content encoding says so (common from Windows engines), with or without a UTF-8 byte order mark. Empty and
/// oversized bodies are refused before anything reads them, and a compressed one is never inflated beyond the limit.
/// </summary>
internal static class EventBytes
{
    private static readonly byte[] Utf8Mark = [0xEF, 0xBB, 0xBF];

    public static byte[] Decode(ReadOnlySpan<byte> body, string? contentEncoding, int maxEventBytes)
    {
        if (body.IsEmpty)
        {
            throw EventBody.Refusal("the message body is empty; an encounter event is a JSON object");
        }
        if (body.Length > maxEventBytes)
        {
            throw EventBody.Refusal($"the event is {body.Length} bytes; an encounter event is at most {maxEventBytes} bytes (Messaging:MaxEventBytes)");
        }
        var bytes = Encoding(contentEncoding) switch
        {
            BodyEncoding.Gzip => Inflate(body, maxEventBytes),
            _ => body,
        };
        if (bytes.StartsWith(Utf8Mark))
        {
            bytes = bytes[Utf8Mark.Length..];
        }
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            throw EventBody.Refusal("the body is UTF-16 (it starts with a UTF-16 byte order mark); send the event as UTF-8 JSON");
        }
        if (bytes.IsEmpty)
        {
            throw EventBody.Refusal("the message body is empty; an encounter event is a JSON object");
        }
        return bytes.ToArray();
    }

    private enum BodyEncoding
    {
        None,
        Gzip,
    }

    // "utf-8" is not a content encoding, but engines put the charset there often enough to be read as none.
    private static BodyEncoding Encoding(string? contentEncoding) => (contentEncoding ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "" or "identity" or "utf-8" or "utf8" => BodyEncoding.None,
        "gzip" or "x-gzip" => BodyEncoding.Gzip,
        _ => throw EventBody.Refusal("the content encoding is not one the worker reads; send the event uncompressed or with content_encoding gzip"),
    };

    private static ReadOnlySpan<byte> Inflate(ReadOnlySpan<byte> body, int maxEventBytes)
    {
        using var compressed = new MemoryStream(body.ToArray(), writable: false);
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        var inflated = new byte[maxEventBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < inflated.Length && (read = gzip.Read(inflated, length, inflated.Length - length)) > 0)
            {
                length += read;
            }
        }
        catch (InvalidDataException)
        {
            throw EventBody.Refusal("the body is not valid gzip, though its content encoding says gzip");
        }
        if (length > maxEventBytes)
        {
            throw EventBody.Refusal($"the event is more than {maxEventBytes} bytes once decompressed; an encounter event is at most {maxEventBytes} bytes (Messaging:MaxEventBytes)");
        }
        return inflated.AsSpan(0, length);
    }
}
