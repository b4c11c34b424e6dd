namespace FhirNoteService.Contracts;

/// <summary>
/// A FHIR Subscription notification (R4 Backport IG) as the receiver accepted it, for the one subscription tracker that
/// turns it into encounter events, counts its event numbers and catches up what never arrived. Carries references and
/// numbers only: never a resource's content.
/// </summary>
/// <param name="Source">The receiver source it arrived on (its route), e.g. <c>emr</c>.</param>
/// <param name="Subscription">The subscription, as the notification named it (an absolute or relative reference).</param>
/// <param name="Topic">The subscription topic's canonical URL, when sent.</param>
/// <param name="Status">The subscription's status as the server reported it: <c>requested</c>, <c>active</c>, <c>error</c> or <c>off</c>.</param>
/// <param name="Type"><c>handshake</c>, <c>heartbeat</c>, <c>event-notification</c> or <c>query-status</c>.</param>
/// <param name="EventsSinceSubscriptionStart">The server's count of events for the subscription, when sent.</param>
/// <param name="Events">The notification's events, each with its number, time and focus (none for an <c>empty</c> payload).</param>
/// <param name="HeartbeatPeriod">How often the source promises to send something; null when it is not watched.</param>
/// <param name="ReceivedAt">When the receiver accepted it.</param>
/// <param name="SourceSystem">The EMR the source's events belong to (<c>Receiver:Sources:{name}:SourceSystem</c>), when set.</param>
public sealed record SubscriptionNotification(
    string Source,
    string Subscription,
    string? Topic,
    string Status,
    string Type,
    long? EventsSinceSubscriptionStart,
    IReadOnlyList<SubscriptionEvent> Events,
    TimeSpan? HeartbeatPeriod,
    DateTimeOffset ReceivedAt,
    string? SourceSystem = null);

/// <summary>One <c>notification-event</c> of a <see cref="SubscriptionNotification"/>.</summary>
/// <param name="EventNumber">Its number in the subscription's sequence, when sent.</param>
/// <param name="Timestamp">When the server says it happened, when sent.</param>
/// <param name="Focus">The focus as a relative reference, <c>{type}/{id}</c>, for an <c>id-only</c> or <c>full-resource</c> payload; null for <c>empty</c>.</param>
/// <param name="FocusVersionId">The focus's version, when the reference or the included resource says it.</param>
public sealed record SubscriptionEvent(
    long? EventNumber,
    DateTimeOffset? Timestamp,
    string? Focus,
    string? FocusVersionId);
