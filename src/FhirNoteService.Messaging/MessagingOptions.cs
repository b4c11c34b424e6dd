namespace FhirNoteService.Messaging;

/// <summary>The message bus and how the worker consumes from it. Section <c>Messaging</c>.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    /// <summary><c>RabbitMq</c> for production; <c>InMemory</c> for the embedded demo and fast tests.</summary>
    public string Transport { get; set; } = MessagingTransports.RabbitMq;

    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>How many encounter events one worker processes at once.</summary>
    public int ConcurrencyLimit { get; set; } = 16;

    /// <summary>How many messages RabbitMQ hands the worker ahead of processing; at least the concurrency limit.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>Larger events are dead-lettered unread: an encounter event is a reference and a few short fields.</summary>
    public int MaxEventBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Retries of a draft conflict (the series changed while drafting, and three fresh reads did not settle it) before
    /// the message goes to the error queue. Other failures are permanent (dead-lettered at once) or an outage (held).
    /// </summary>
    public int RetryLimit { get; set; } = 5;

    /// <summary>The first retry interval; later ones grow exponentially (with jitter) up to <see cref="RetryMaxInterval"/>.</summary>
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// While the FHIR server or the model endpoint is down, consumption pauses and one held message probes it after
    /// this interval, doubling up to <see cref="PauseProbeMaxInterval"/>.
    /// </summary>
    public TimeSpan PauseProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between probes: consumption resumes at most this long after the dependency is back. One held
    /// message probes, so a short interval costs the dependency one request per interval.
    /// </summary>
    public TimeSpan PauseProbeMaxInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On SIGTERM, how long notes in flight may take to finish; after it their messages return to the queue
    /// unacknowledged, to be drafted by another worker. Kubernetes' terminationGracePeriodSeconds must be longer.
    /// </summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(25);
}

/// <summary>
/// The RabbitMQ broker. Section <c>Messaging:RabbitMq</c>. Host and credentials have no default: a worker that is not
/// told where its broker is refuses to start rather than try the local machine (development values are in
/// appsettings.Development.json).
/// </summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = string.Empty;

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    /// <summary>Connect with TLS (usually on port 5671).</summary>
    public bool UseTls { get; set; }
}

/// <summary>The values of <see cref="MessagingOptions.Transport"/>.</summary>
public static class MessagingTransports
{
    public const string RabbitMq = "RabbitMq";
    public const string InMemory = "InMemory";

    public static IReadOnlyList<string> All { get; } = [RabbitMq, InMemory];
}
