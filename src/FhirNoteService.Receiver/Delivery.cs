using FhirNoteService.Contracts;

namespace FhirNoteService.Receiver;

/// <summary>What a delivery was turned into: the messages to publish, and the answer its sender expects, if any.</summary>
/// <param name="Events">Encounter events to publish (Event Grid and CloudEvents deliveries).</param>
/// <param name="Notification">A Subscription notification for the tracker.</param>
/// <param name="Answer">A JSON body to answer with (Event Grid's validation handshake); null for an empty 200.</param>
/// <param name="Ignored">Events the delivery held that concern no encounter note (another resource type, a deletion).</param>
internal sealed record Delivery(
    IReadOnlyList<EncounterEvent> Events,
    SubscriptionNotification? Notification = null,
    object? Answer = null,
    int Ignored = 0);

/// <summary>A delivery that is not what its source sends, answered 400 with this reason (the service's words, nothing quoted).</summary>
internal sealed class DeliveryRefusedException(string reason) : Exception(reason);
