using System.Collections;
using System.Diagnostics.CodeAnalysis;
using MassTransit;

namespace FhirNoteService.Messaging.Intake;

/// <summary>
/// The transport headers a consumed event keeps: its message, conversation and correlation ids. Every other header is
/// hidden from MassTransit, above all <c>MT-Fault-Address</c>, <c>MT-Response-Address</c> and <c>RequestId</c>, with
/// which a sender would choose where the worker sends faults and answers, declaring exchanges of the sender's naming.
/// </summary>
internal sealed class TrustedHeaders(Headers transport) : Headers
{
    private static readonly HashSet<string> Kept = new(StringComparer.OrdinalIgnoreCase)
    {
        MessageHeaders.MessageId,
        MessageHeaders.ConversationId,
        MessageHeaders.CorrelationId,
    };

    /// <summary>The ids an envelope carried, in place of the transport's.</summary>
    public static Headers Of(EnvelopeIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var headers = new MassTransit.Serialization.DictionarySendHeaders();
        Set(headers, MessageHeaders.MessageId, ids.MessageId);
        Set(headers, MessageHeaders.ConversationId, ids.ConversationId);
        Set(headers, MessageHeaders.CorrelationId, ids.CorrelationId);
        return headers;
    }

    public IEnumerable<KeyValuePair<string, object>> GetAll() => transport.GetAll().Where(h => Kept.Contains(h.Key));

    public bool TryGetHeader(string key, [NotNullWhen(true)] out object? value)
    {
        if (Kept.Contains(key))
        {
            return transport.TryGetHeader(key, out value);
        }
        value = null;
        return false;
    }

    public T? Get<T>(string key, T? defaultValue = null)
        where T : class => Kept.Contains(key) ? transport.Get(key, defaultValue) : defaultValue;

    public T? Get<T>(string key, T? defaultValue = null)
        where T : struct => Kept.Contains(key) ? transport.Get(key, defaultValue) : defaultValue;

    public IEnumerator<HeaderValue> GetEnumerator() => GetAll().Select(h => new HeaderValue(h.Key, h.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static void Set(MassTransit.Serialization.DictionarySendHeaders headers, string key, Guid? value)
    {
        if (value is { } id)
        {
            headers.Set(key, id.ToString());
        }
    }
}
