using System.Diagnostics;

namespace FhirNoteService.TestSupport;

/// <summary>
/// The real worker binary (<c>fhir-note-service run</c>) in its own process, configured by environment variables, built
/// in the same configuration as the tests (Debug or Release). It can be killed (SIGKILL) or stopped (SIGTERM).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TextWriter _log;
    private bool _disposed;

    private WorkerProcess(Process process, TextWriter log, Uri baseUrl, string logFile)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
        Readiness = new Uri(baseUrl, "health/ready");
        LogFile = logFile;
    }

    /// <summary>Where the process listens (health endpoints, and the receiver's <c>/events/{source}</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>Where the worker's output goes.</summary>
    public string LogFile { get; }

    public int Id => _process.Id;

    /// <summary>The worker's readiness endpoint.</summary>
    public Uri Readiness { get; }

    public bool HasExited => _process.HasExited;

    public static string Configuration { get; } =
        typeof(WorkerProcess).Assembly.Location.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The worker binary: the build output, or FHIRNOTESERVICE_WORKER_DIR's (the load benchmark's ReadyToRun publish).</summary>
    public static string Binary
    {
        get
        {
            var published = Environment.GetEnvironmentVariable("FHIRNOTESERVICE_WORKER_DIR");
            var dll = string.IsNullOrEmpty(published)
                ? Path.Combine(RepositoryPaths.Root, "src", "FhirNoteService.Worker", "bin", Configuration, "net10.0", "fhir-note-service.dll")
                : Path.Combine(Path.GetFullPath(published, RepositoryPaths.Root), "fhir-note-service.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the worker first: dotnet build -c {Configuration}", dll);
        }
    }

    /// <summary>
    /// Starts a worker (in <paramref name="workingDirectory"/>, by default this one) and waits until its readiness
    /// check passes; its output goes to .artifacts/{logName}.log. <paramref name="command"/> chooses the role:
    /// <c>run</c> (the worker) or <c>receive</c> (the event receiver).
    /// </summary>
    public static async Task<WorkerProcess> StartAsync(IDictionary<string, string> settings, string logName = "benchmark-worker", string? workingDirectory = null, string command = "run")
    {
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet", $"\"{Binary}\" {command}") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? string.Empty };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment.TryAdd("Logging__LogLevel__Default", "Warning");
        var process = Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
        StartedProcesses.Started(process.Id);
        var log = Path.Combine(RepositoryPaths.Root, ".artifacts", $"{logName}.log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        var writer = TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => writer.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var worker = new WorkerProcess(process, writer, new Uri($"http://127.0.0.1:{port}/"), log);
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(worker.Readiness)).IsSuccessStatusCode)
                {
                    return worker;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        await worker.DisposeAsync();
        throw new InvalidOperationException($"the worker did not become ready; see {log}");
    }

    /// <summary>
    /// Runs one of the binary's operator commands (<c>errors list</c>, <c>backfill ...</c>, <c>subscribe ...</c>) to its
    /// end, as an operator would, with <paramref name="settings"/> as environment variables; returns its exit code and
    /// its standard output and error together.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string arguments, IDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Binary}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("the command did not start");
        StartedProcesses.Started(process.Id);
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        StartedProcesses.Stopped(process.Id);
        return (process.ExitCode, output + await errors);
    }

    /// <summary>Kills the process outright (SIGKILL), as an OOM kill or node failure would: nothing is acknowledged.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the worker to stop (SIGTERM), as Kubernetes does; returns once it has exited.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        await Processes.RunAsync("kill", $"-TERM {_process.Id}");
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        // The overload without a timeout, once the process has exited, also waits for the output handlers to finish.
        if (_process.WaitForExit(10_000))
        {
            _process.WaitForExit();
        }
        StartedProcesses.Stopped(_process.Id);
        _process.Dispose();
        _log.Dispose();
        return ValueTask.CompletedTask;
    }
}
