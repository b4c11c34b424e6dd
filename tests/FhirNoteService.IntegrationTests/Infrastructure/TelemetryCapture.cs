using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using FhirNoteService.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>
/// Everything a worker emits for operators to see: every span (with its tags, events and status), every metric point
/// (with its tags), and every log line at Information and above (message, structured values, exception with its
/// stack), captured in process by OpenTelemetry's in-memory exporters and a logger provider.
/// </summary>
internal sealed class TelemetryCapture
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly ConcurrentQueue<string> _logs = new();

    /// <summary>The spans exported; read once the worker has stopped (its providers flush as they stop).</summary>
    public IReadOnlyList<Activity> Spans => _spans;

    public IReadOnlyList<MetricSnapshot> Metrics => _metrics;

    /// <summary>
    /// Adds the exporters and the log capture to a worker host, with the service's own trace sources. The exporters add
    /// from their own threads: read what they caught only once the worker has stopped.
    /// </summary>
    public void AddTo(HostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => ServiceDefaults.TraceSources(tracing).AddInMemoryExporter(_spans))
            .WithMetrics(metrics => metrics.AddInMemoryExporter(_metrics));
        builder.Logging.AddProvider(new CapturingLoggerProvider(_logs));
    }

    /// <summary>All captured text, one item per line; call it once the worker has stopped.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        foreach (var span in Spans)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"span {span.DisplayName} {span.OperationName} {span.Status} {span.StatusDescription}");
            foreach (var tag in span.TagObjects)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {tag.Key}={tag.Value}");
            }
            foreach (var spanEvent in span.Events)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  event {spanEvent.Name} {string.Join(' ', spanEvent.Tags.Select(t => $"{t.Key}={t.Value}"))}");
            }
            foreach (var baggage in span.Baggage)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  baggage {baggage.Key}={baggage.Value}");
            }
        }
        foreach (var metric in Metrics)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"metric {metric.Name} {metric.Description} {metric.Unit}");
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {tag.Key}={tag.Value}");
                }
            }
        }
        foreach (var line in _logs)
        {
            text.AppendLine(line);
        }
        return text.ToString();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"scope {category}: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            lines.Enqueue($"log {logLevel} {category}: {formatter(state, exception)} | {values} | {exception}");
        }
    }
}
