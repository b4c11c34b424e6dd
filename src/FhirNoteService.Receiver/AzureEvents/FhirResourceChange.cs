using FhirNoteService.Contracts;
using FhirNoteService.Core.Events;

namespace FhirNoteService.Receiver.AzureEvents;

/// <summary>
/// One Azure Health Data Services FHIR event, whichever schema carried it: a resource created or updated (never its
/// content or status: the worker's read decides what the encounter needs).
/// </summary>
internal sealed record FhirResourceChange(string EventType, string? ResourceType, string? ResourceId, long? VersionId, DateTimeOffset Time)
{
    public const string Created = "Microsoft.HealthcareApis.FhirResourceCreated";
    public const string Updated = "Microsoft.HealthcareApis.FhirResourceUpdated";

    /// <summary>
    /// The encounter events of <paramref name="changes"/>: Encounters created or updated; other resource types and
    /// event types (deletions) are counted as ignored.
    /// </summary>
    public static Delivery ToDelivery(IReadOnlyList<FhirResourceChange> changes, string? sourceSystem)
    {
        var events = new List<EncounterEvent>();
        foreach (var change in changes)
        {
            if (change.EventType is not (Created or Updated) || !string.Equals(change.ResourceType, "Encounter", StringComparison.Ordinal))
            {
                continue;
            }
            // The worker's own check of an encounter reference: what it would refuse is refused here, at the door.
            if (!EncounterId.TryParse($"Encounter/{change.ResourceId}", out var encounter, out _))
            {
                throw new DeliveryRefusedException("an Encounter event's resourceFhirId is not a FHIR id");
            }
            var kind = change.EventType == Created ? EncounterEventKinds.Created : EncounterEventKinds.Updated;
            events.Add(new EncounterEvent(encounter!.Reference, kind, change.Time, change.VersionId?.ToString(System.Globalization.CultureInfo.InvariantCulture), sourceSystem));
        }
        return new Delivery(events, Ignored: changes.Count - events.Count);
    }
}
