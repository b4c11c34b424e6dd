namespace FhirNoteService.Contracts;

/// <summary>The values of <see cref="SubscriptionNotification.Type"/> (the Backport IG's notification types).</summary>
public static class SubscriptionNotificationTypes
{
    public const string Handshake = "handshake";
    public const string Heartbeat = "heartbeat";
    public const string EventNotification = "event-notification";
    public const string QueryStatus = "query-status";
    public const string QueryEvent = "query-event";

    public static IReadOnlyList<string> All { get; } = [Handshake, Heartbeat, EventNotification, QueryStatus, QueryEvent];
}
