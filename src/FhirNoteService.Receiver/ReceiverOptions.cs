namespace FhirNoteService.Receiver;

/// <summary>The HTTP event receiver (the <c>receive</c> command). Section <c>Receiver</c>.</summary>
public sealed class ReceiverOptions
{
    public const string SectionName = "Receiver";

    /// <summary>
    /// The senders, by name: each posts to <c>/events/{name}</c> with its own kind and token. A name is up to 64 letters,
    /// digits, '-' or '_'.
    /// </summary>
    public Dictionary<string, EventSourceOptions> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Larger bodies are answered 413 unread. A Subscription notification with a full resource is a few KiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a delivery may wait for the broker to confirm what it was turned into before it is answered 503.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an Event Grid or CloudEvents resource version is remembered, to drop its repeated deliveries.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most this many resource versions are remembered; the oldest are forgotten first.</summary>
    public int DuplicateCapacity { get; set; } = 100_000;
}

/// <summary>One sender of events. Section <c>Receiver:Sources:{name}</c>.</summary>
public sealed class EventSourceOptions
{
    /// <summary><c>FhirSubscription</c>, <c>EventGrid</c> or <c>CloudEvents</c>.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>
    /// The secret the sender presents as <c>Authorization: Bearer {token}</c> (a Subscription's <c>channel.header</c>,
    /// an Event Grid delivery header). At least 32 characters; compared in constant time. From a secret store.
    /// </summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>
    /// FHIR Subscriptions: the subscription's <c>heartbeatPeriod</c>. When nothing arrives for this long plus
    /// <c>Subscriptions:GapGrace</c>, the tracker catches up by search. Unset: heartbeats are not watched.
    /// </summary>
    public TimeSpan? HeartbeatPeriod { get; set; }

    /// <summary>
    /// The EMR this source's events belong to (their <c>sourceSystem</c>), for a worker serving several EMRs
    /// (<c>Emrs:{name}</c>); unset: <c>Events:SourceSystem</c>.
    /// </summary>
    public string? SourceSystem { get; set; }

    /// <summary>
    /// CloudEvents: the origins whose abuse-protection handshake (<c>OPTIONS</c>) is granted; empty means
    /// <see cref="DefaultAllowedOrigin"/> only. (Empty by default because configuration adds to a list, never replaces it.)
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>Azure Event Grid's origin.</summary>
    public const string DefaultAllowedOrigin = "eventgrid.azure.net";

    /// <summary>The origins granted: <see cref="AllowedOrigins"/>, or Event Grid's when none is configured.</summary>
    public IReadOnlyList<string> GrantedOrigins => AllowedOrigins.Count > 0 ? AllowedOrigins : [DefaultAllowedOrigin];
}

/// <summary>The values of <see cref="EventSourceOptions.Kind"/>.</summary>
public static class EventSourceKinds
{
    public const string FhirSubscription = "FhirSubscription";
    public const string EventGrid = "EventGrid";
    public const string CloudEvents = "CloudEvents";

    public static IReadOnlyList<string> All { get; } = [FhirSubscription, EventGrid, CloudEvents];
}
