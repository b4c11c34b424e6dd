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

    /// <summary>Adds the time (in <see cref="Stopwatch"/> ticks) one call waited on a dependency to the current flow's tally.</summary>
    public static void AddExternal(long elapsedTicks)
    {
        if (Current.Value is { } scope)
        {
            scope.Add(elapsedTicks);
        }
    }

    /// <summary>One flow's tally.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _externalTicks;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

        public TimeSpan External => TimeSpan.FromSeconds((double)Interlocked.Read(ref _externalTicks) / Stopwatch.Frequency);

        public TimeSpan Own => Elapsed - External;

        public void Dispose() => Current.Value = null;

        internal void Add(long elapsedTicks) => Interlocked.Add(ref _externalTicks, elapsedTicks);
    }
}
