using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging;

/// <summary>
/// Pauses consumption while the FHIR server or the model endpoint is down, instead of burning messages into the
/// error queue. The first delivery that finds a dependency unavailable closes the gate: messages in flight wait
/// (unacknowledged, so RabbitMQ hands out no more than the prefetch), and one of them at a time probes the dependency
/// with a real attempt, at growing intervals. The first attempt that gets through opens the gate for all.
/// </summary>
public sealed partial class ConsumptionGate(IOptions<MessagingOptions> options, NoteTelemetry telemetry, TimeProvider clock, ILogger<ConsumptionGate> logger)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _reopened = NewSignal();
    private Pause? _pause;

    /// <summary>Why consumption is paused, or null while it runs.</summary>
    public ConsumptionPause? Current
    {
        get
        {
            lock (_lock)
            {
                return _pause is { } pause ? new ConsumptionPause(pause.Dependency, pause.Reason, pause.Since) : null;
            }
        }
    }

    /// <summary>
    /// Returns at once while the gate is open. While it is closed, waits until it opens, or until it is this caller's
    /// turn to probe (then returns true: report the attempt's outcome with <see cref="Reachable"/> or <see cref="Unavailable"/>).
    /// </summary>
    public async Task<bool> WaitForTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_pause is not { } pause)
                {
                    return false;
                }
                var now = clock.GetUtcNow();
                if (!pause.Probing && now >= pause.NextProbe)
                {
                    _pause = pause with { Probing = true };
                    return true;
                }
                var untilProbe = pause.Probing ? pause.Interval : pause.NextProbe - now;
                wait = Task.WhenAny(_reopened.Task, Task.Delay(untilProbe, clock, cancellationToken));
            }
            await wait;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>An attempt got through to its dependencies (whatever became of the message): open the gate.</summary>
    public void Reachable()
    {
        lock (_lock)
        {
            if (_pause is not { } pause)
            {
                return;
            }
            _pause = null;
            _reopened.TrySetResult();
            _reopened = NewSignal();
            var downtime = clock.GetUtcNow() - pause.Since;
            LogResumed(logger, pause.Dependency, downtime);
        }
    }

    /// <summary>An attempt found a dependency unavailable: close the gate, or, after a failed probe, wait longer.</summary>
    public void Unavailable(DependencyUnavailableException failure, bool probe)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var settings = options.Value;
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_pause is not { } pause)
            {
                _pause = new Pause(failure.Dependency.Name(), failure.Reason, now, settings.PauseProbeInterval, now + settings.PauseProbeInterval, Probing: false);
                telemetry.Pauses.Add(1, new KeyValuePair<string, object?>("dependency", failure.Dependency.Name()));
                LogPaused(logger, failure.Dependency.Name(), failure.Reason, settings.PauseProbeInterval);
                return;
            }
            if (probe)
            {
                var interval = TimeSpan.FromTicks(Math.Min(pause.Interval.Ticks * 2, settings.PauseProbeMaxInterval.Ticks));
                _pause = pause with { Reason = failure.Reason, Interval = interval, NextProbe = now + interval, Probing = false };
                LogStillUnavailable(logger, failure.Dependency.Name(), failure.Reason, interval);
            }
        }
    }

    /// <summary>A probe ended without telling whether the dependency is back (the worker is stopping): let another probe.</summary>
    public void ProbeAbandoned()
    {
        lock (_lock)
        {
            if (_pause is { Probing: true } pause)
            {
                _pause = pause with { Probing = false };
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Pause(string Dependency, string Reason, DateTimeOffset Since, TimeSpan Interval, DateTimeOffset NextProbe, bool Probing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Consumption paused: {Dependency} unavailable ({Reason}); probing again in {Interval}")]
    private static partial void LogPaused(ILogger logger, string dependency, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} still unavailable ({Reason}); next probe in {Interval}")]
    private static partial void LogStillUnavailable(ILogger logger, string dependency, string reason, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consumption resumed: {Dependency} is back after {Downtime}")]
    private static partial void LogResumed(ILogger logger, string dependency, TimeSpan downtime);
}

/// <summary>Why consumption is paused and since when; shown by the readiness check.</summary>
public sealed record ConsumptionPause(string Dependency, string Reason, DateTimeOffset Since);
