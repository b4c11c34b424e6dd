using System.Diagnostics;
using System.Text.RegularExpressions;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>The worker binary as an operator starts it: no developer defaults, settings found wherever it is started from.</summary>
[Trait("Category", "Integration")]
public sealed partial class WorkerSettingsTests : FreshServersTest
{
    [Fact]
    public async Task Run_WithNoSettingsAtAll_RefusesToStartNamingTheFhirBaseUrl()
    {
        var start = new ProcessStartInfo("dotnet", $"\"{WorkerProcess.Binary}\" run")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        // Nothing from this environment may leak in: only what dotnet needs to run.
        foreach (var key in start.Environment.Keys.Where(k => k is not ("PATH" or "HOME" or "DOTNET_ROOT")).ToList())
        {
            start.Environment.Remove(key);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        var said = await output + await errors;
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("Fhir:BaseUrl is required", said, StringComparison.Ordinal);
        Assert.Contains("Messaging:RabbitMq:Host is required", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StartedFromTheRootFolder_LoadsTheSettingsBesideItsBinary()
    {
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
            ["Logging__LogLevel__Default"] = "Information",
        };
        await using var worker = await WorkerProcess.StartAsync(settings, "worker-settings", workingDirectory: "/");
        await worker.StopAsync(TimeSpan.FromSeconds(60));

        // appsettings.json sets the console format: one line per entry, starting with the time.
        var lines = (await File.ReadAllLinesAsync(worker.LogFile)).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => TimedLine().IsMatch(l));
        Assert.DoesNotContain(lines, l => l.StartsWith("info: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WithAMountedRulesFile_ThatNamesAnUnknownTemplate_RefusesToStartNamingTheRule()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            { "NoteRules": { "Rules": [ { "Name": "cardiology-stays", "Classes": ["IMP"], "Departments": ["Organization/cardiology"],
              "Notes": [ { "NoteType": "discharge-summary", "Template": "cardiology-dischrage-summary" } ] } ] } }
            """);
        try
        {
            var settings = new Dictionary<string, string>(Broker.WorkerSettings("__")) { ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(), ["NoteRules__File"] = file };
            var (exitCode, output) = await WorkerProcess.RunCommandAsync("run", settings);
            Assert.Equal(2, exitCode);
            Assert.Contains("note rule 'cardiology-stays': the en-US language pack has no template 'cardiology-dischrage-summary'", output, StringComparison.Ordinal);

            settings["NoteRules__File"] = file + ".missing";
            (exitCode, output) = await WorkerProcess.RunCommandAsync("run", settings);
            Assert.Equal(2, exitCode);
            Assert.Contains($"NoteRules:File '{file}.missing' does not exist", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d info: ")]
    private static partial Regex TimedLine();
}
