using System.Text.Json;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;

namespace FhirNoteService.Receiver.AzureEvents;

/// <summary>
/// Reads an Event Grid schema delivery (a JSON array of events) with <c>Azure.Messaging.EventGrid</c>: the subscription
/// validation handshake is answered with its code; FHIR resource events become <see cref="FhirResourceChange"/>s.
/// </summary>
internal static class EventGridReader
{
    public static Delivery Read(byte[] body, string? sourceSystem)
    {
        EventGridEvent[] events;
        try
        {
            events = EventGridEvent.ParseMany(BinaryData.FromBytes(body));
        }
        catch (Exception error) when (error is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new DeliveryRefusedException("the body is not an Event Grid event array (each event needs id, subject, eventType, dataVersion, data and eventTime)");
        }
        var changes = new List<FhirResourceChange>(events.Length);
        foreach (var gridEvent in events)
        {
            object? data = null;
            try
            {
                gridEvent.TryGetSystemEventData(out data);
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
            {
                throw new DeliveryRefusedException("an Event Grid event's data does not match its eventType");
            }
            switch (data)
            {
                case SubscriptionValidationEventData validation when events.Length == 1:
                    return new Delivery([], Answer: new { validationResponse = validation.ValidationCode });
                case SubscriptionValidationEventData:
                    throw new DeliveryRefusedException("a subscription validation event must come alone");
                case HealthcareFhirResourceCreatedEventData created:
                    changes.Add(new FhirResourceChange(FhirResourceChange.Created, created.FhirResourceType?.ToString(), created.FhirResourceId, created.FhirResourceVersionId, gridEvent.EventTime));
                    break;
                case HealthcareFhirResourceUpdatedEventData updated:
                    changes.Add(new FhirResourceChange(FhirResourceChange.Updated, updated.FhirResourceType?.ToString(), updated.FhirResourceId, updated.FhirResourceVersionId, gridEvent.EventTime));
                    break;
                default:
                    changes.Add(new FhirResourceChange(gridEvent.EventType, null, null, null, gridEvent.EventTime));
                    break;
            }
        }
        return FhirResourceChange.ToDelivery(changes, sourceSystem);
    }
}
