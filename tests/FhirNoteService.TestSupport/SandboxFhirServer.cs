using System.Diagnostics;

namespace FhirNoteService.TestSupport;

/// <summary>
/// A fresh sandbox FHIR server process (deploy/sandbox-fhir) on a free loopback port, strict or with the quirks of
/// independent servers (<see cref="SandboxQuirks"/>). It can be stopped and started again on the same port with the
/// same data, to simulate an EMR outage.
/// </summary>
public sealed class SandboxFhirServer : IAsyncDisposable
{
    private readonly string _dataFile = Path.Combine(Path.GetTempPath(), $"sandbox-fhir-{Guid.NewGuid():N}.json");
    private string _quirks;
    private Process? _process;
    private int _port;

    private SandboxFhirServer(string quirks)
    {
        _quirks = quirks;
    }

    /// <summary>The quirks this server has (comma-separated), or empty when it is strict.</summary>
    public string Quirks => _quirks;

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The server's process id, for measuring it.</summary>
    public int ProcessId => _process?.Id ?? 0;

    /// <summary>Starts a server, strict unless <paramref name="quirks"/> names some (see <see cref="SandboxQuirks"/>).</summary>
    public static async Task<SandboxFhirServer> StartAsync(string quirks = SandboxQuirks.Strict)
    {
        var server = new SandboxFhirServer(quirks);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>Stops the server as an operator would (SIGTERM); it saves its data first.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        await Processes.RunAsync("kill", $"-TERM {process.Id}");
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        StartedProcesses.Stopped(process.Id);
        process.Dispose();
        _process = null;
    }

    /// <summary>
    /// Restarts the server, on the same port and with its data, as another kind of server (<paramref name="quirks"/>):
    /// records loaded by a test (whose bundles need a transaction) were there before the service meets the quirks.
    /// </summary>
    public async Task BecomeAsync(string quirks)
    {
        await StopAsync();
        _quirks = quirks;
        await LaunchAsync();
    }

    /// <summary>Starts the stopped server again, on the same port and with the data it had.</summary>
    public Task StartAgainAsync() => _process is null ? LaunchAsync() : throw new InvalidOperationException("The server is running.");

    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "deploy", "sandbox-fhir");

    private async Task InitializeAsync()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@medplum", "fhir-router")))
        {
            await Processes.RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", Folder);
        }
        _port = LoopbackPorts.Free();
        BaseUrl = new Uri($"http://127.0.0.1:{_port}/");
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        await LaunchAsync();
    }

    private async Task LaunchAsync()
    {
        var port = _port;
        var start = new ProcessStartInfo("node", "--experimental-websocket --no-warnings src/server.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["SANDBOX_FHIR_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["SANDBOX_FHIR_DATA"] = _dataFile;
        start.Environment["SANDBOX_FHIR_QUIRKS"] = _quirks;
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        StartedProcesses.Started(_process.Id);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await Http.GetAsync("metadata");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (_process.HasExited)
            {
                break;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The sandbox FHIR server did not start on port {port}.");
    }

    public ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        if (_process is not null)
        {
            StartedProcesses.Stopped(_process.Id);
        }
        _process?.Dispose();
        File.Delete(_dataFile);
        return ValueTask.CompletedTask;
    }
}
