using System.Diagnostics;
using System.Globalization;
using System.Text;
using FhirNoteService.Ai;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Facts;
using FhirNoteService.Worker.Hosting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Worker.Demo;

/// <summary>Runs the demo: load, publish, wait for the drafts while showing progress, then summarise.</summary>
internal sealed class DemoRunner(DemoSettings settings, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        output.WriteLine($"FhirNoteService demo: FHIR server {settings.FhirBaseUrl}, patients from {settings.Patients.FullName}");
        using var http = new HttpClient { BaseAddress = settings.FhirBaseUrl, Timeout = TimeSpan.FromMinutes(2) };
        var encounters = await LoadPatientsAsync(http, cancellationToken);
        if (settings.Limit is { } limit)
        {
            encounters = encounters.Take(limit).ToList();
        }

        var tally = new DraftTally();
        using var host = BuildHost(tally);
        if (!await SettingsReport.CheckAsync(host.Services))
        {
            return SettingsReport.InvalidSettings;
        }
        output.WriteLine($"Drafting with {host.Services.GetRequiredService<IOptions<GenerationOptions>>().Value.Provider} (Generation:Provider)");
        await host.StartAsync(cancellationToken);
        try
        {
            var bus = host.Services.GetRequiredService<IBus>();
            foreach (var encounter in encounters)
            {
                await bus.Publish(new EncounterEvent(encounter.Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow, SourceSystem: "demo"), cancellationToken);
            }
            tally.Expect(encounters.Count);
            output.WriteLine($"Published {encounters.Count} encounter events; drafting...");
            var completed = await ShowProgressAsync(tally, encounters.Count, cancellationToken);
            PrintSummary(tally, encounters.Count, started.Elapsed, completed);
            await PrintDraftAsync(tally.FirstDraft, cancellationToken);
            return completed && tally.Failed == 0 ? 0 : 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private async Task<List<LoadedEncounter>> LoadPatientsAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var loader = new SampleLoader(http);
        var files = settings.Patients.GetFiles("*.json").Where(f => f.Name != "MANIFEST.json").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var encounters = new List<LoadedEncounter>();
        for (var i = 0; i < files.Count; i++)
        {
            encounters.AddRange(await loader.LoadAsync(files[i], cancellationToken));
            Progress($"Loaded {i + 1}/{files.Count} patients ({encounters.Count} finished encounters)");
        }
        EndProgress();
        return encounters;
    }

    // The demo's own settings (in-memory bus, the sandbox, the demo's source system) over the worker's usual ones, so
    // that a Generation:* setting from appsettings.json, the environment or the command line is honoured: without
    // one, notes are drafted offline.
    private IHost BuildHost(DraftTally tally)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = settings.Arguments,
            ContentRootPath = ContentRoot.Path,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Fhir:BaseUrl"] = settings.FhirBaseUrl.ToString(),
            ["Events:SourceSystem"] = "demo",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton(tally);
        builder.AddServiceDefaults().AddNoteService(bus => bus.AddConsumer<DraftTallyConsumer>());
        return builder.Build();
    }

    private async Task<bool> ShowProgressAsync(DraftTally tally, int total, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!tally.AllDone.IsCompleted && deadline.Elapsed < settings.Timeout)
        {
            await System.Threading.Tasks.Task.WhenAny(tally.AllDone, System.Threading.Tasks.Task.Delay(500, cancellationToken));
            Progress($"{tally.Finished}/{total} events done: {tally.DraftsByNoteType.Values.Sum()} drafts, {tally.Skipped} skipped, {tally.Failed} failed");
        }
        EndProgress();
        return tally.AllDone.IsCompleted;
    }

    // On a terminal progress rewrites one line; in a log it is one line per update.
    private void Progress(string line)
    {
        if (Console.IsOutputRedirected)
        {
            output.WriteLine(line);
        }
        else
        {
            output.Write($"\r{line}   ");
        }
    }

    private void EndProgress()
    {
        if (!Console.IsOutputRedirected)
        {
            output.WriteLine();
        }
    }

    private void PrintSummary(DraftTally tally, int total, TimeSpan elapsed, bool completed)
    {
        output.WriteLine();
        output.WriteLine(completed ? "Summary" : $"Summary (timed out after {settings.Timeout}: {total - tally.Finished} events still pending)");
        foreach (var (noteType, count) in tally.DraftsByNoteType.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {noteType,-28} {count,5} drafts");
        }
        output.WriteLine($"  {"Drafts written",-28} {tally.DraftsByNoteType.Values.Sum(),5} ({tally.AlreadyWritten} were already there)");
        output.WriteLine($"  {"Events skipped",-28} {tally.Skipped,5}");
        output.WriteLine($"  {"Events failed",-28} {tally.Failed,5}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"Elapsed",-28} {elapsed.TotalSeconds,5:0.0} s"));
    }

    private async System.Threading.Tasks.Task PrintDraftAsync(string? documentReference, CancellationToken cancellationToken)
    {
        if (documentReference is null)
        {
            return;
        }
        using var client = new FhirClient(settings.FhirBaseUrl, new FhirClientSettings { VerifyFhirVersion = false, PreferredFormat = ResourceFormat.Json });
        var document = await client.ReadAsync<DocumentReference>(documentReference, ct: cancellationToken);
        if (document is null)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine($"One draft: {documentReference} (docStatus {FhirText.Code(document.DocStatus)}, security {string.Join(",", document.Meta?.Security.Select(s => s.Code) ?? [])})");
        output.WriteLine($"Description: {document.Description}");
        output.WriteLine(new string('-', 72));
        output.WriteLine(Encoding.UTF8.GetString(document.Content[0].Attachment.Data ?? []));
    }
}
