using System.Net.Mime;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace FhirNoteService.Receiver.AzureEvents;

/// <summary>
/// Reads a CloudEvents 1.0 delivery in structured mode (<c>application/cloudevents+json</c>) or batch mode
/// (<c>application/cloudevents-batch+json</c>) with the CloudNative SDK, which checks the required attributes;
/// Azure's FHIR event data becomes <see cref="FhirResourceChange"/>s.
/// </summary>
internal static class CloudEventsReader
{
    public const string StructuredContentType = "application/cloudevents+json";
    public const string BatchContentType = "application/cloudevents-batch+json";

    private static readonly JsonEventFormatter Formatter = new();

    public static Delivery Read(byte[] body, ContentType contentType, string? sourceSystem)
    {
        IReadOnlyList<CloudEvent> events;
        try
        {
            events = string.Equals(contentType.MediaType, BatchContentType, StringComparison.OrdinalIgnoreCase)
                ? Formatter.DecodeBatchModeMessage(body, contentType, extensionAttributes: null)
                : [Formatter.DecodeStructuredModeMessage(body, contentType, extensionAttributes: null)];
        }
        catch (Exception error) when (error is ArgumentException or JsonException or InvalidOperationException or FormatException)
        {
            throw new DeliveryRefusedException("the body is not a CloudEvents 1.0 JSON event (specversion, id, source and type are required)");
        }
        var changes = events.Select(Change).ToList();
        return FhirResourceChange.ToDelivery(changes, sourceSystem);
    }

    private static FhirResourceChange Change(CloudEvent cloudEvent)
    {
        var type = cloudEvent.Type ?? string.Empty;
        var time = cloudEvent.Time ?? DateTimeOffset.UtcNow;
        if (type is not (FhirResourceChange.Created or FhirResourceChange.Updated))
        {
            return new FhirResourceChange(type, null, null, null, time);
        }
        if (cloudEvent.Data is not JsonElement { ValueKind: JsonValueKind.Object } data)
        {
            throw new DeliveryRefusedException("a FHIR resource CloudEvent must carry its data as a JSON object");
        }
        try
        {
            var fhir = data.Deserialize(FhirEventDataContext.Default.FhirEventData)
                ?? throw new DeliveryRefusedException("a FHIR resource CloudEvent must carry its data as a JSON object");
            return new FhirResourceChange(type, fhir.ResourceType, fhir.ResourceFhirId, fhir.ResourceVersionId, time);
        }
        catch (JsonException)
        {
            throw new DeliveryRefusedException("a FHIR resource CloudEvent's data must have resourceType, resourceFhirId and a numeric resourceVersionId");
        }
    }
}

/// <summary>The data of Azure's FHIR resource events.</summary>
internal sealed record FhirEventData(
    [property: JsonPropertyName("resourceType")] string? ResourceType,
    [property: JsonPropertyName("resourceFhirAccount")] string? ResourceFhirAccount,
    [property: JsonPropertyName("resourceFhirId")] string? ResourceFhirId,
    [property: JsonPropertyName("resourceVersionId")] long? ResourceVersionId);

[JsonSerializable(typeof(FhirEventData))]
internal sealed partial class FhirEventDataContext : JsonSerializerContext;
