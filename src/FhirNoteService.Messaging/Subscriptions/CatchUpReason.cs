namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>Why the tracker searched for encounters instead of waiting for their events.</summary>
public enum CatchUpReason
{
    /// <summary>An event number never arrived within <c>Subscriptions:GapGrace</c>.</summary>
    Gap,

    /// <summary>Nothing arrived within the source's heartbeat period (plus the grace).</summary>
    MissedHeartbeat,

    /// <summary>The server reported the subscription in error: it may have dropped events.</summary>
    ErrorStatus,

    /// <summary>An <c>empty</c> payload says something happened, not to what.</summary>
    EmptyPayload,

    /// <summary>The tracker heard of the subscription for the first time since it started.</summary>
    FirstContact,

    /// <summary>An operator asked for it (<c>backfill</c>).</summary>
    Backfill,
}

/// <summary>A catch-up to run: search encounters finished since <paramref name="Since"/> and publish an event for each.</summary>
public sealed record CatchUpRequest(string Source, string Subscription, DateTimeOffset Since, CatchUpReason Reason);
