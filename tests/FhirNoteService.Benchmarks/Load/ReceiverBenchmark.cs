using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FhirNoteService.TestSupport;

namespace FhirNoteService.Benchmarks.Load;

/// <summary>
/// The event receiver's throughput: one receiver process (the real binary, <c>receive</c>) taking id-only FHIR Subscription
/// notifications from concurrent senders, each answered only after RabbitMQ confirmed it; its tracker consumes them
/// meanwhile, as in production. Needs RabbitMQ on 127.0.0.1:5672 and a Release build (scripts/benchmark.sh receiver).
/// Options: --notifications N (default 20000), --concurrency N[,N...] (default 8,16,32), --warm-up N (default 10000: the first thousands run before tiered compilation has optimised the hot path).
/// </summary>
internal static class ReceiverBenchmark
{
    private const string Token = "benchmark-token-0123456789abcdef0123456789";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = LoadBenchmark.Option(args, "--notifications", 20_000);
        var concurrencies = LoadBenchmark.Text(args, "--concurrency", "8,16,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var warmUp = LoadBenchmark.Option(args, "--warm-up", 10_000);
        var output = Console.Out;
        output.WriteLine($"FhirNoteService receiver benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {LoadBenchmark.CpuModel()}, {Environment.OSVersion}, .NET {Environment.Version}");
        await using var broker = await RabbitMqBroker.StartAsync();
        var settings = new Dictionary<string, string>(broker.WorkerSettings("__"))
        {
            ["Fhir__BaseUrl"] = "http://127.0.0.1:9/",
            ["Receiver__Sources__emr__Kind"] = "FhirSubscription",
            ["Receiver__Sources__emr__Token"] = Token,
            ["Subscriptions__FirstContactCatchUp"] = "00:00:00",
            ["Subscriptions__GapGrace"] = "00:10:00",
        };
        await using var receiver = await WorkerProcess.StartAsync(settings, "benchmark-receiver", command: "receive");
        var endpoint = new Uri(receiver.BaseUrl, "events/emr");
        var next = 0;
        var allFailures = 0;
        output.WriteLine();
        output.WriteLine("| notifications | concurrent senders | accepted/s | p50 ms | p95 ms | p99 ms | max ms | not 200 | receiver CPU ms/notification | receiver peak RSS MiB |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var concurrency in concurrencies)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
            await SendAsync(http, endpoint, warmUp, concurrency, () => Interlocked.Increment(ref next));
            var cpuBefore = ProcessMeter.CpuTime(receiver.Id);
            var (latencies, elapsed, failures) = await SendAsync(http, endpoint, count, concurrency, () => Interlocked.Increment(ref next));
            var cpu = ProcessMeter.CpuTime(receiver.Id) - cpuBefore;
            latencies.Sort();
            allFailures += failures;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {concurrency} | {count / elapsed.TotalSeconds:0} | {Percentile(latencies, 0.50):0.0} | {Percentile(latencies, 0.95):0.0} | {Percentile(latencies, 0.99):0.0} | {latencies[^1]:0.0} | {failures} | {cpu.TotalMilliseconds / count:0.00} | {ProcessMeter.PeakRssMiB(receiver.Id):0} |"));
        }
        output.WriteLine($"(each row after {warmUp} warm-up notifications; each answered only after the broker confirmed it; the receiver's tracker consumed them meanwhile; senders, receiver and broker share the 2 cores)");
        return allFailures == 0 ? 0 : 1;
    }

    private static async Task<(List<double> Latencies, TimeSpan Elapsed, int Failures)> SendAsync(HttpClient http, Uri endpoint, int count, int concurrency, Func<int> nextNumber)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var remaining = count;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var number = nextNumber();
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(Notification(number), Encoding.UTF8) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/fhir+json; charset=utf-8");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return ([.. latencies], clock.Elapsed, failures);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    // As fhir-candle sends it: numbers as strings, absolute references, an id-only focus.
    private static string Notification(int number)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var n = number.ToString(CultureInfo.InvariantCulture);
        return "{\"resourceType\":\"Bundle\",\"id\":\"" + Guid.NewGuid() + "\",\"type\":\"history\",\"timestamp\":\"" + now + "\",\"entry\":[{\"fullUrl\":\"urn:uuid:" + Guid.NewGuid()
            + "\",\"resource\":{\"resourceType\":\"Parameters\",\"parameter\":["
            + "{\"name\":\"subscription\",\"valueReference\":{\"reference\":\"http://emr.example/fhir/Subscription/encounter-finished\"}},"
            + "{\"name\":\"topic\",\"valueCanonical\":\"http://emr.example/fhir/SubscriptionTopic/encounter-complete\"},"
            + "{\"name\":\"status\",\"valueCode\":\"active\"},{\"name\":\"type\",\"valueCode\":\"event-notification\"},"
            + "{\"name\":\"events-since-subscription-start\",\"valueString\":\"" + n + "\"},"
            + "{\"name\":\"notification-event\",\"part\":[{\"name\":\"event-number\",\"valueString\":\"" + n + "\"},{\"name\":\"timestamp\",\"valueInstant\":\"" + now + "\"},"
            + "{\"name\":\"focus\",\"valueReference\":{\"reference\":\"http://emr.example/fhir/Encounter/enc-" + n + "\"}}]}]}}]}";
    }
}
