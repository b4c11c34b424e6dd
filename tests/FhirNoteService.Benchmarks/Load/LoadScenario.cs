namespace FhirNoteService.Benchmarks.Load;

/// <summary>One end-to-end run: how many events, at what concurrency, with which generator.</summary>
/// <param name="Name">Shown in the results table.</param>
/// <param name="Events">Events published, one per distinct finished encounter (the Synthea bundles are loaded as often as needed).</param>
/// <param name="Concurrency">Messaging:ConcurrencyLimit of the worker.</param>
/// <param name="ModelLatency">Zero for the offline generator; otherwise a local OpenAI-compatible stand-in answering after this long.</param>
/// <param name="WarmUpEvents">Events processed first and not measured: long enough for tiered compilation to finish.</param>
internal sealed record LoadScenario(string Name, int Events, int Concurrency, TimeSpan ModelLatency, int WarmUpEvents);

/// <summary>What one run measured.</summary>
internal sealed record LoadResult(
    LoadScenario Scenario,
    int Notes,
    TimeSpan Elapsed,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double FhirRequestsPerNote,
    double WorkerCpuMsPerNote,
    double SandboxCpuMsPerNote,
    double WorkerOwnP50Ms,
    double WorkerPeakRssMiB,
    double WarmUpWorkerCpuMsPerNote)
{
    public double NotesPerSecond => Notes / Elapsed.TotalSeconds;
}
