using System.Diagnostics;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// Adds up, per note (an async flow), the time spent waiting on FHIR servers and models, so that the worker's own
/// time can be told apart from theirs.
/// </summary>
public static class ExternalCallTimer
{
    private static readonly AsyncLocal<Scope?> Current = new();

    /// <summary>Starts counting for the current async flow; dispose to stop.</summary>
    public static Scope Start()
    {
        var scope = new Scope();
        Current.Value = scope;
        return scope;
    }

    internal static void Add(long elapsedTicks)
    {
        if (Current.Value is { } scope)
        {
            Interlocked.Add(ref scope.ExternalTicks, elapsedTicks);
        }
    }

    /// <summary>One flow's tally.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        internal long ExternalTicks;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public TimeSpan External => TimeSpan.FromSeconds((double)Interlocked.Read(ref ExternalTicks) / Stopwatch.Frequency);

        public TimeSpan Own => Elapsed - External;

        public void Dispose() => Current.Value = null;
    }
}

/// <summary>An HttpClient handler that reports each request's duration to <see cref="ExternalCallTimer"/>.</summary>
public sealed class ExternalCallTimingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            ExternalCallTimer.Add(Stopwatch.GetTimestamp() - started);
        }
    }
}
