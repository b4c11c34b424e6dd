using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>
/// What EMRs post to the receiver, shaped as real senders shape them: R4 Backport notifications as fhir-candle sends
/// them (numbers as strings, absolute references, no request/response on entries), Event Grid and CloudEvents deliveries
/// as Azure Health Data Services emits them.
/// </summary>
internal static class EmrNotifications
{
    public const string Subscription = "http://emr.example/fhir/Subscription/encounter-finished";

    public static string Handshake() => Notification("handshake", 0, []);

    public static string Heartbeat(long eventsSinceStart) => Notification("heartbeat", eventsSinceStart, []);

    /// <summary>An <c>id-only</c> event notification about <paramref name="encounter"/> (relative reference).</summary>
    public static string IdOnly(long number, string encounter, DateTimeOffset timestamp, long? eventsSinceStart = null) =>
        Notification("event-notification", eventsSinceStart ?? number, [Event(number, timestamp, $"http://emr.example/fhir/{encounter}")]);

    /// <summary>A <c>full-resource</c> notification: the focus plus the Encounter itself (its JSON as the server holds it).</summary>
    public static string FullResource(long number, string encounter, string encounterJson, DateTimeOffset timestamp) =>
        Notification("event-notification", number, [Event(number, timestamp, $"http://emr.example/fhir/{encounter}")], [(encounter, JsonNode.Parse(encounterJson)!)]);

    /// <summary>An <c>empty</c> notification: an event number and time, no focus.</summary>
    public static string Empty(long number, DateTimeOffset timestamp) =>
        Notification("event-notification", number, [Event(number, timestamp, focus: null)]);

    public static string EventGrid(string eventType, string resourceType, string id, long version) => new JsonArray(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws",
        ["subject"] = $"ws-fhir.fhir.azurehealthcareapis.com/{resourceType}/{id}",
        ["eventType"] = eventType,
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["dataVersion"] = "1",
        ["metadataVersion"] = "1",
        ["data"] = FhirEventData(resourceType, id, version),
    }).ToJsonString();

    public static string EventGridValidation(string code) => new JsonArray(new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.EventGrid/topics/t",
        ["subject"] = string.Empty,
        ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
        ["eventTime"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["dataVersion"] = "2",
        ["metadataVersion"] = "1",
        ["data"] = new JsonObject { ["validationCode"] = code, ["validationUrl"] = "https://rp-eastus.eventgrid.azure.net/validate?id=x" },
    }).ToJsonString();

    public static JsonObject CloudEvent(string eventType, string resourceType, string id, long version) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.HealthcareApis/workspaces/ws",
        ["subject"] = $"ws-fhir.fhir.azurehealthcareapis.com/{resourceType}/{id}",
        ["type"] = eventType,
        ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["datacontenttype"] = "application/json",
        ["data"] = FhirEventData(resourceType, id, version),
    };

    private static JsonObject FhirEventData(string resourceType, string id, long version) => new()
    {
        ["resourceType"] = resourceType,
        ["resourceFhirAccount"] = "ws-fhir.fhir.azurehealthcareapis.com",
        ["resourceFhirId"] = id,
        ["resourceVersionId"] = version,
    };

    private static JsonObject Event(long number, DateTimeOffset timestamp, string? focus)
    {
        var parts = new JsonArray
        {
            new JsonObject { ["name"] = "event-number", ["valueString"] = number.ToString(CultureInfo.InvariantCulture) },
            new JsonObject { ["name"] = "timestamp", ["valueInstant"] = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) },
        };
        if (focus is not null)
        {
            parts.Add(new JsonObject { ["name"] = "focus", ["valueReference"] = new JsonObject { ["reference"] = focus } });
        }
        return new JsonObject { ["name"] = "notification-event", ["part"] = parts };
    }

    private static string Notification(string type, long eventsSinceStart, IReadOnlyList<JsonObject> events, IReadOnlyList<(string Reference, JsonNode Resource)>? included = null)
    {
        var parameters = new JsonArray
        {
            new JsonObject { ["name"] = "subscription", ["valueReference"] = new JsonObject { ["reference"] = Subscription } },
            new JsonObject { ["name"] = "topic", ["valueCanonical"] = "http://emr.example/fhir/SubscriptionTopic/encounter-complete" },
            new JsonObject { ["name"] = "status", ["valueCode"] = "active" },
            new JsonObject { ["name"] = "type", ["valueCode"] = type },
            new JsonObject { ["name"] = "events-since-subscription-start", ["valueString"] = eventsSinceStart.ToString(CultureInfo.InvariantCulture) },
        };
        foreach (var e in events)
        {
            parameters.Add(e);
        }
        var entries = new JsonArray
        {
            new JsonObject
            {
                ["fullUrl"] = $"urn:uuid:{Guid.NewGuid()}",
                ["resource"] = new JsonObject { ["resourceType"] = "Parameters", ["id"] = Guid.NewGuid().ToString(), ["parameter"] = parameters },
            },
        };
        foreach (var (reference, resource) in included ?? [])
        {
            entries.Add(new JsonObject { ["fullUrl"] = $"http://emr.example/fhir/{reference}", ["resource"] = resource });
        }
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString(),
            ["type"] = "history",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["entry"] = entries,
        }.ToJsonString();
    }
}
