using System.Globalization;

namespace FhirNoteService.Benchmarks.Load;

/// <summary>
/// The end-to-end load benchmark. Needs RabbitMQ on 127.0.0.1:5672, Node for the sandbox FHIR server, the Synthea
/// patients and a Release build of the worker, or its publish named by FHIRNOTESERVICE_WORKER_DIR (scripts/benchmark.sh
/// does all of that, and publishes it ReadyToRun).
/// Options: --events N (default 1000), --concurrency N (default 64), --model-latency SECONDS (default 2),
/// --warm-up N (default 600), --scenario offline|model|all|none (default all; none runs only the large patient),
/// --skip-large-patient.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var events = Option(args, "--events", 1000);
        var concurrency = Option(args, "--concurrency", 64);
        var latency = TimeSpan.FromSeconds(Option(args, "--model-latency", 2));
        var output = Console.Out;
        output.WriteLine($"FhirNoteService end-to-end benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {Environment.OSVersion}, .NET {Environment.Version}");
        var published = Environment.GetEnvironmentVariable("FHIRNOTESERVICE_WORKER_DIR");
        output.WriteLine(string.IsNullOrEmpty(published) ? "Worker: the Release build output (JIT only)" : $"Worker: published at {published}");
        // The worker inherits this process's environment; scripts/benchmark.sh sets the gen0 budget as the Helm chart does.
        var gen0Budget = Environment.GetEnvironmentVariable("DOTNET_GCgen0size");
        output.WriteLine($"GC gen0 budget (worker and large-patient read): DOTNET_GCgen0size={(string.IsNullOrEmpty(gen0Budget) ? "unset, the runtime's default" : gen0Budget)}");
        var warmUp = Option(args, "--warm-up", 600);
        var which = Text(args, "--scenario", "all");
        var results = new List<LoadResult>();
        foreach (var scenario in new[]
        {
            new LoadScenario("offline generator", events, concurrency, TimeSpan.Zero, warmUp),
            new LoadScenario($"model stand-in, {latency.TotalSeconds:0.#} s", events, concurrency, latency, warmUp),
        }.Where(s => which == "all" || which == (s.ModelLatency > TimeSpan.Zero ? "model" : "offline")))
        {
            results.Add(await LoadRun.RunAsync(scenario, output));
        }
        if (results.Count > 0)
        {
            WriteLoadTable(output, results, warmUp, concurrency, latency);
        }
        if (!args.Contains("--skip-large-patient"))
        {
            output.WriteLine();
            output.WriteLine("Large patient (one encounter with 5,000 observations): context read + fact extraction, warm");
            output.WriteLine("| Fhir:Limits:Observations | observations read | ms | allocated MiB | of the ms, the server's answer to the observation search alone |");
            output.WriteLine("|---:|---:|---:|---:|---:|");
            foreach (var r in await LargePatientRun.RunAsync(5000))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.ObservationLimit} | {r.ObservationsRead} | {r.Milliseconds:0} | {r.AllocatedMiB:0.0} | {r.ServerMilliseconds:0} |"));
            }
        }
        return results.All(r => r.Notes == r.Scenario.Events) ? 0 : 1;
    }

    private static void WriteLoadTable(TextWriter output, List<LoadResult> results, int warmUp, int concurrency, TimeSpan latency)
    {
        output.WriteLine();
        output.WriteLine("| scenario | events | concurrency | notes/s | p50 ms | p95 ms | p99 ms | FHIR requests/note | worker CPU ms/note | sandbox CPU ms/note | worker own time p50 ms | worker peak RSS MiB |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Name} | {r.Notes} | {r.Scenario.Concurrency} | {r.NotesPerSecond:0.0} | {r.P50Ms:0} | {r.P95Ms:0} | {r.P99Ms:0} | {r.FhirRequestsPerNote:0.00} | {r.WorkerCpuMsPerNote:0.00} | {r.SandboxCpuMsPerNote:0.00} | {r.WorkerOwnP50Ms:0.00} | {r.WorkerPeakRssMiB:0} |"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Warm-up, not in the table (the first {warmUp} notes of a fresh worker, JIT compilation included): worker CPU {string.Join(", ", results.Select(r => $"{r.WarmUpWorkerCpuMsPerNote:0.00} ms/note ({r.Scenario.Name})"))}."));
        if (results.FirstOrDefault(r => r.Scenario.ModelLatency > TimeSpan.Zero) is { } modelRun)
        {
            var ceiling = concurrency / latency.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Little's law ceiling with the model stand-in: {concurrency} / {latency.TotalSeconds:0.#} s = {ceiling:0.0} notes/s; measured {modelRun.NotesPerSecond:0.0} ({modelRun.NotesPerSecond / ceiling:P0})."));
        }
    }

    internal static int Option(string[] args, string name, int fallback) =>
        int.TryParse(Text(args, name, string.Empty), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    internal static string Text(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    internal static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";
}
