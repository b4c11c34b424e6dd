using System.Diagnostics;
using System.Globalization;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.Messaging;
using FhirNoteService.Messaging.DeadLetters;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Xunit.Abstractions;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>The fault suite and the receiver's outage tests stop RabbitMQ, which every other test shares: they run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultSuiteGroup
{
    public const string Name = "fault suite";
}

/// <summary>
/// Effectively once under faults: 2,000 events (20% duplicates) for Synthea encounters, two worker processes, one of
/// them killed twice, the FHIR server stopped for 20 s, RabbitMQ restarted; afterwards exactly one draft per note,
/// counted in the FHIR server, and nothing in the error queue. The figures are printed at the end.
/// </summary>
[Collection(FaultSuiteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class FaultSuiteTests(ITestOutputHelper output) : FreshServersTest
{
    private const int UniqueEvents = 1_600;
    private const int DuplicateEvents = 400;
    private static readonly TimeSpan FhirOutage = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Workers_UnderDuplicatesKillsAFhirOutageAndABrokerRestart_WriteExactlyOneDraftPerNote()
    {
        var clock = Stopwatch.StartNew();
        File.Delete(Path.Combine(RepositoryPaths.Root, ".artifacts", "fault-suite.txt"));
        var encounters = await LoadEncountersAsync(UniqueEvents);
        var loaded = clock.Elapsed;
        var events = Shuffle(encounters.Concat(encounters.Take(DuplicateEvents)).ToList());
        var settings = WorkerSettings();
        var killed = await WorkerProcess.StartAsync(settings, "fault-suite-worker-a");
        var steady = await WorkerProcess.StartAsync(settings, "fault-suite-worker-b");
        try
        {
            var publishing = clock.Elapsed;
            await EventPublisher.PublishFinishedAsync(Broker, events.Select(e => e.Reference));
            Log($"{events.Count} events published ({encounters.Count} encounters, {DuplicateEvents} duplicates) in {clock.Elapsed - publishing:mm\\:ss}");

            await WaitUntilDoneAsync(0.15);
            killed = await KillAndRestartAsync(killed, settings, "first");
            await WaitUntilDoneAsync(0.35);
            await StopFhirAsync(steady);
            Assert.Equal(0, await Broker.MessagesInAsync(ErrorQueueClient.QueueName));
            await WaitUntilDoneAsync(0.55);
            killed = await KillAndRestartAsync(killed, settings, "second");
            await WaitUntilDoneAsync(0.70);
            var restart = Stopwatch.StartNew();
            await RabbitMqBroker.RestartAsync();
            Log($"RabbitMQ restarted in {restart.Elapsed.TotalSeconds:F1} s");
            await WaitUntilDoneAsync(1.0, TimeSpan.FromMinutes(10));
            Assert.False(killed.HasExited || steady.HasExited, "both workers should still be running");
        }
        finally
        {
            await killed.DisposeAsync();
            await steady.DisposeAsync();
        }
        var took = clock.Elapsed - loaded;

        var drafts = await CurrentDraftsAsync();
        var perEncounter = drafts.GroupBy(d => d.Context.Encounter.Single().Reference!).ToDictionary(g => g.Key, g => g.Count());
        var lost = encounters.Count(e => !perEncounter.ContainsKey(e.Reference));
        var duplicated = perEncounter.Values.Sum(n => n - 1);
        var dead = await Broker.MessagesInAsync(ErrorQueueClient.QueueName);
        var provenance = await CountAsync("Provenance");
        Log($"events {events.Count} (unique {encounters.Count}, duplicates {DuplicateEvents}); drafts {drafts.Count}; duplicated {duplicated}; lost {lost}; "
            + $"provenance {provenance}; dead-lettered {dead}; time {took:mm\\:ss} after loading {loaded:mm\\:ss}");

        Assert.Equal(0, lost);
        Assert.Equal(0, duplicated);
        Assert.Equal(encounters.Count, drafts.Count);
        Assert.Equal(encounters.Count, provenance);
        Assert.Equal(0, dead);
        Assert.All(drafts, d => Assert.Equal(CompositionStatus.Preliminary, d.DocStatus));
    }

    private Dictionary<string, string> WorkerSettings() => new(Broker.WorkerSettings("__"))
    {
        ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
        ["Fhir__Timeout"] = "00:00:10",
        ["Messaging__ConcurrencyLimit"] = "16",
        ["Messaging__PrefetchCount"] = "32",
        ["Messaging__ShutdownGracePeriod"] = "00:00:05",
        ["Generation__Provider"] = "offline",
    };

    private async Task<List<LoadedEncounter>> LoadEncountersAsync(int count) =>
        (await new SampleLoader(Fhir.Http).LoadAtLeastAsync(new DirectoryInfo(RepositoryPaths.Synthea), count, CancellationToken.None)).Take(count).ToList();

    private static List<LoadedEncounter> Shuffle(List<LoadedEncounter> events)
    {
        var random = new Random(20261126);
        return events.OrderBy(_ => random.Next()).ToList();
    }

    private async Task<WorkerProcess> KillAndRestartAsync(WorkerProcess worker, Dictionary<string, string> settings, string which)
    {
        await worker.KillAsync();
        Log($"{which} SIGKILL of worker A at {await DraftCountAsync()} drafts");
        await worker.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        return await WorkerProcess.StartAsync(settings, "fault-suite-worker-a");
    }

    private async Task StopFhirAsync(WorkerProcess observed)
    {
        var drafts = await DraftCountAsync();
        await Fhir.StopAsync();
        Log($"FHIR server stopped at {drafts} drafts, for {FhirOutage.TotalSeconds} s");
        await Task.Delay(FhirOutage / 2);
        using (var http = new HttpClient())
        {
            using var readiness = await http.GetAsync(observed.Readiness);
            var report = await readiness.Content.ReadAsStringAsync();
            Log($"worker B readiness during the outage: HTTP {(int)readiness.StatusCode} {report}");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            Assert.Contains("consumption paused: FHIR server unavailable since", report, StringComparison.Ordinal);
        }
        await Task.Delay(FhirOutage / 2);
        await Fhir.StartAgainAsync();
        var back = await DraftCountAsync();
        Log($"FHIR server back with {back} drafts");
        // With the default probe intervals (Messaging:PauseProbeMaxInterval 5 s) drafting resumes within seconds.
        var resuming = Stopwatch.StartNew();
        while (await DraftCountAsync() <= back && resuming.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        Log($"drafting resumed {resuming.Elapsed.TotalSeconds:F1} s after the FHIR server came back");
        Assert.InRange(resuming.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    private async Task WaitUntilDoneAsync(double fraction, TimeSpan? timeout = null)
    {
        var target = (int)Math.Ceiling(UniqueEvents * fraction);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromMinutes(5)))
        {
            var drafts = await DraftCountAsync();
            if (drafts >= target && (fraction < 1 || await Broker.MessagesInAsync(EncounterEventConsumerDefinition.QueueName) == 0))
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        throw new TimeoutException($"waited {deadline.Elapsed} for {target} drafts; {await DraftCountAsync()} written, {await Broker.MessagesInAsync(EncounterEventConsumerDefinition.QueueName)} events queued");
    }

    private Task<int> DraftCountAsync() => CountAsync("DocumentReference");

    private async Task<int> CountAsync(string resourceType)
    {
        var json = await Fhir.Http.GetStringAsync($"{resourceType}?_summary=count");
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(json);
        return bundle.Total ?? throw new InvalidOperationException($"the FHIR server gave no total for {resourceType}");
    }

    private async Task<List<DocumentReference>> CurrentDraftsAsync()
    {
        var drafts = new List<DocumentReference>();
        while (true)
        {
            var json = await Fhir.Http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"DocumentReference?status=current&_count=500&_offset={drafts.Count}"));
            var page = new FhirJsonDeserializer().Deserialize<Bundle>(json).Entry.Select(e => e.Resource).OfType<DocumentReference>().ToList();
            if (page.Count == 0)
            {
                return drafts;
            }
            drafts.AddRange(page);
        }
    }

    // Also to .artifacts/fault-suite.txt, which .ci/run prints: a passing test's output is otherwise not shown.
    private void Log(string line)
    {
        var stamped = $"[fault suite {DateTime.UtcNow:HH:mm:ss}] {line}";
        output.WriteLine(stamped);
        var report = Path.Combine(RepositoryPaths.Root, ".artifacts", "fault-suite.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        File.AppendAllText(report, stamped + Environment.NewLine);
    }
}
