using System.Globalization;
using System.Text;
using FhirNoteService.Contracts;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirNoteService.Receiver.Subscriptions;

/// <summary>
/// Reads a FHIR Subscriptions (R4 Backport IG 1.1.0) rest-hook notification: a <c>history</c> Bundle whose first entry is
/// the SubscriptionStatus <c>Parameters</c>. Numbers come as strings from real servers and as integers from others;
/// both are read. Payloads <c>empty</c>, <c>id-only</c> and <c>full-resource</c> all give the focus's reference (and,
/// from the included resource, its version) and nothing of its content.
/// </summary>
internal static class SubscriptionNotificationReader
{
    private static readonly IFhirSerializationEngine Engine = FhirSerializationEngineFactory.Ostrich(ModelInfo.ModelInspector);

    public static SubscriptionNotification Read(byte[] body, string source, TimeSpan? heartbeatPeriod, DateTimeOffset receivedAt)
    {
        var bundle = Parse(body);
        if (bundle.Type != Bundle.BundleType.History)
        {
            throw new DeliveryRefusedException("a Subscription notification must be a Bundle of type 'history'");
        }
        if (bundle.Entry.FirstOrDefault()?.Resource is not Parameters status)
        {
            throw new DeliveryRefusedException("the notification Bundle's first entry must be the SubscriptionStatus Parameters");
        }
        var subscription = FhirReference.Parse(Reference(status, "subscription"));
        if (subscription is not { Relative: var subscriptionReference } || !subscriptionReference.StartsWith("Subscription/", StringComparison.Ordinal))
        {
            throw new DeliveryRefusedException("the SubscriptionStatus must name its subscription (parameter 'subscription', a Subscription reference)");
        }
        var type = Code(status, "type");
        if (type is null || !SubscriptionNotificationTypes.All.Contains(type, StringComparer.Ordinal))
        {
            throw new DeliveryRefusedException($"the SubscriptionStatus parameter 'type' must be one of: {string.Join(", ", SubscriptionNotificationTypes.All)}");
        }
        var included = IncludedVersions(bundle);
        var events = status.Parameter.Where(p => p.Name == "notification-event").Select(p => Event(p, included)).ToList();
        return new SubscriptionNotification(
            source,
            subscriptionReference,
            (status.Parameter.FirstOrDefault(p => p.Name == "topic")?.Value as PrimitiveType)?.ToString(),
            Code(status, "status") ?? "active",
            type,
            Number(status.Parameter.FirstOrDefault(p => p.Name == "events-since-subscription-start")?.Value, "events-since-subscription-start"),
            events,
            heartbeatPeriod,
            receivedAt);
    }

    private static Bundle Parse(byte[] body)
    {
        try
        {
            return Engine.DeserializeFromJson(Encoding.UTF8.GetString(body)) as Bundle
                ?? throw new DeliveryRefusedException("a Subscription notification must be a FHIR Bundle");
        }
        catch (DeserializationFailedException)
        {
            // The parser's messages quote what it read: only the fact is reported.
            throw new DeliveryRefusedException("the body is not a FHIR JSON resource");
        }
        catch (Exception error) when (error is FormatException or System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            throw new DeliveryRefusedException("the body is not a FHIR JSON resource");
        }
    }

    private static SubscriptionEvent Event(Parameters.ParameterComponent notificationEvent, IReadOnlyDictionary<string, string> included)
    {
        var parts = notificationEvent.Part;
        var number = Number(parts.FirstOrDefault(p => p.Name == "event-number")?.Value, "event-number");
        var timestamp = (parts.FirstOrDefault(p => p.Name == "timestamp")?.Value as Instant)?.Value;
        var focusText = (parts.FirstOrDefault(p => p.Name == "focus")?.Value as ResourceReference)?.Reference;
        if (focusText is null)
        {
            return new SubscriptionEvent(number, timestamp, null, null);
        }
        var focus = FhirReference.Parse(focusText) ?? throw new DeliveryRefusedException("a notification-event's focus is not a FHIR reference");
        var version = focus.VersionId ?? included.GetValueOrDefault(focus.Relative);
        return new SubscriptionEvent(number, timestamp, focus.Relative, version);
    }

    // full-resource payloads: the version of each included resource, by its relative reference.
    private static Dictionary<string, string> IncludedVersions(Bundle bundle)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bundle.Entry.Skip(1))
        {
            if (entry.Resource is { Id: { Length: > 0 } id, Meta.VersionId: { Length: > 0 } version } resource)
            {
                versions[$"{resource.TypeName}/{id}"] = version;
            }
        }
        return versions;
    }

    private static string? Reference(Parameters status, string name) =>
        (status.Parameter.FirstOrDefault(p => p.Name == name)?.Value as ResourceReference)?.Reference;

    private static string? Code(Parameters status, string name) =>
        (status.Parameter.FirstOrDefault(p => p.Name == name)?.Value as Code)?.Value;

    // Backport 1.1.0 sends these as valueString; earlier drafts and some servers as integers.
    private static long? Number(DataType? value, string name) => value switch
    {
        null => null,
        FhirString { Value: var text } when long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        Integer { Value: { } n } when n >= 0 => n,
        UnsignedInt { Value: { } n } => n,
        PositiveInt { Value: { } n } => n,
        Integer64 { Value: { } n } when n >= 0 => n,
        _ => throw new DeliveryRefusedException($"the SubscriptionStatus '{name}' must be a non-negative whole number"),
    };
}
