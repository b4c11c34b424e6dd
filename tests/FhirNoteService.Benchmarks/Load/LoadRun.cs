using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using FhirNoteService.Contracts;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FhirNoteService.Benchmarks.Load;

/// <summary>
/// Runs one scenario: a fresh sandbox FHIR server loaded with the Synthea patients, a RabbitMQ virtual host, the
/// worker binary in its own process, and this process publishing events and timing each NoteDrafted.
/// </summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(LoadScenario scenario, TextWriter log)
    {
        await using var fhir = await SandboxFhirServer.StartAsync();
        // A distinct encounter per event: a repeated one would find its draft unchanged and write nothing.
        var encounters = (await new SampleLoader(fhir.Http).LoadAtLeastAsync(
            new DirectoryInfo(RepositoryPaths.Synthea), scenario.Events + scenario.WarmUpEvents, CancellationToken.None)).ToList();
        await using var broker = await RabbitMqBroker.StartAsync();
        await using var model = scenario.ModelLatency > TimeSpan.Zero ? await FakeModelServer.StartAsync() : null;
        if (model is not null)
        {
            model.Default = Reply.Good() with { Latency = scenario.ModelLatency };
        }
        var settings = new Dictionary<string, string>(broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = fhir.BaseUrl.ToString(),
            ["Messaging__ConcurrencyLimit"] = scenario.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging__PrefetchCount"] = (scenario.Concurrency * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Generation__Provider"] = model is null ? "offline" : "openai",
        };
        if (model is not null)
        {
            settings["Generation__Endpoint"] = $"{model.BaseUrl}v1/";
            settings["Generation__Model"] = "latency-standin";
        }
        await using var worker = await WorkerProcess.StartAsync(settings);

        var published = new ConcurrentDictionary<Guid, long>();
        var drafted = new ConcurrentBag<(double LatencyMs, double? WorkerMs, long At)>();
        using var driver = BuildDriver(broker, published, drafted);
        await driver.StartAsync();
        var bus = driver.Services.GetRequiredService<IBus>();

        // Warm-up, not measured: JIT (tiered compilation settles after a few hundred notes), connection pools and the
        // sandbox's first searches. Its CPU per note is reported apart, as the cost of a fresh worker.
        var startUpCpu = ProcessMeter.CpuTime(worker.Id);
        await WarmUpAsync(bus, encounters, scenario.WarmUpEvents, published, drafted);
        var warmUpCpuMsPerNote = (ProcessMeter.CpuTime(worker.Id) - startUpCpu).TotalMilliseconds / Math.Max(1, drafted.Count);
        drafted.Clear();
        published.Clear();

        var fhirBefore = await RequestCountAsync(fhir);
        var workerCpuBefore = ProcessMeter.CpuTime(worker.Id);
        var sandboxCpuBefore = ProcessMeter.CpuTime(fhir.ProcessId);
        var started = Stopwatch.GetTimestamp();
        log.WriteLine($"  {scenario.Name}: publishing {scenario.Events} events ({encounters.Count} distinct encounters)...");
        for (var i = 0; i < scenario.Events; i++)
        {
            var messageId = NewId.NextGuid();
            published[messageId] = Stopwatch.GetTimestamp();
            await bus.Publish(new EncounterEvent(encounters[i % encounters.Count].Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow), context => context.ConversationId = messageId);
        }
        var timer = driver.Services.GetRequiredService<DraftTimer>();
        var deadline = Stopwatch.StartNew();
        while (drafted.Count < scenario.Events && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
            if (deadline.Elapsed > TimeSpan.FromSeconds(30) && timer.Received == 0)
            {
                throw new InvalidOperationException("No NoteDrafted arrived within 30 s; see .artifacts/benchmark-worker.log.");
            }
        }
        var results = drafted.ToList();
        var elapsed = Stopwatch.GetElapsedTime(started, results.Max(r => r.At));
        var notes = results.Count;
        var fhirRequests = await RequestCountAsync(fhir) - fhirBefore - 1;
        var latencies = results.Select(r => r.LatencyMs).Order().ToList();
        var own = results.Where(r => r.WorkerMs is not null).Select(r => r.WorkerMs!.Value).Order().ToList();
        var result = new LoadResult(
            scenario,
            notes,
            elapsed,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            Percentile(latencies, 0.99),
            (double)fhirRequests / notes,
            (ProcessMeter.CpuTime(worker.Id) - workerCpuBefore).TotalMilliseconds / notes,
            (ProcessMeter.CpuTime(fhir.ProcessId) - sandboxCpuBefore).TotalMilliseconds / notes,
            Percentile(own, 0.50),
            ProcessMeter.PeakRssMiB(worker.Id),
            warmUpCpuMsPerNote);
        await driver.StopAsync();
        return result;
    }

    private static IHost BuildDriver(RabbitMqBroker broker, ConcurrentDictionary<Guid, long> published, ConcurrentBag<(double, double?, long)> drafted)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Services.AddSingleton(new DraftTimer(published, drafted));
        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.AddConsumer<DraftTimerConsumer>().Endpoint(e => e.Name = "benchmark-note-drafted");
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(RabbitMqBroker.Host, (ushort)RabbitMqBroker.Port, broker.VirtualHost, h =>
                {
                    h.Username("guest");
                    h.Password("guest");
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        return builder.Build();
    }

    private static async Task WarmUpAsync(IBus bus, List<LoadedEncounter> encounters, int events, ConcurrentDictionary<Guid, long> published, ConcurrentBag<(double, double?, long)> drafted)
    {
        for (var i = 0; i < events; i++)
        {
            var conversation = NewId.NextGuid();
            published[conversation] = Stopwatch.GetTimestamp();
            await bus.Publish(new EncounterEvent(encounters[encounters.Count - 1 - (i % encounters.Count)].Reference, EncounterEventKinds.Finished, DateTimeOffset.UtcNow), context => context.ConversationId = conversation);
        }
        var deadline = Stopwatch.StartNew();
        while (drafted.Count < events && deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(100);
        }
    }

    private static async Task<long> RequestCountAsync(SandboxFhirServer fhir)
    {
        var health = await fhir.Http.GetFromJsonAsync<SandboxHealth>("healthz");
        return health!.Requests;
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record SandboxHealth(string Status, long Requests);
}

/// <summary>Matches each NoteDrafted to the event that caused it (they share a MassTransit ConversationId) and records the latency.</summary>
internal sealed record DraftTimer(ConcurrentDictionary<Guid, long> Published, ConcurrentBag<(double LatencyMs, double? WorkerMs, long At)> Drafted)
{
    private int _received;

    public int Received => Volatile.Read(ref _received);

    public void Count() => Interlocked.Increment(ref _received);
}

internal sealed class DraftTimerConsumer(DraftTimer timer) : IConsumer<NoteDrafted>
{
    public Task Consume(ConsumeContext<NoteDrafted> context)
    {
        var now = Stopwatch.GetTimestamp();
        timer.Count();
        if (context.ConversationId is { } conversation && timer.Published.TryGetValue(conversation, out var sent))
        {
            timer.Drafted.Add((Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds, context.Message.WorkerMilliseconds, now));
        }
        return Task.CompletedTask;
    }
}
