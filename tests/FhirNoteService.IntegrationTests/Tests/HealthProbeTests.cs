using System.Diagnostics;
using System.Net;
using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The probes Kubernetes asks of the worker process: live and started from the start; ready only while RabbitMQ and
/// the FHIR server both answer, unready (saying which) while either is down, ready again once it is back.
/// </summary>
[Collection(FaultSuiteGroup.Name)]
[Trait("Category", "Integration")]
public sealed class HealthProbeTests : FreshServersTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Readiness_FollowsTheFhirServerAndTheBroker()
    {
        var settings = new Dictionary<string, string>(Broker.WorkerSettings("__")) { ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString() };
        await using var worker = await WorkerProcess.StartAsync(settings, "health-probe-worker");
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(worker.BaseUrl, "health/live"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(worker.BaseUrl, "health/startup"))).StatusCode);
        await WaitForReadinessAsync(http, worker, HttpStatusCode.OK, "\"fhir\"");

        await Fhir.StopAsync();
        var down = await WaitForReadinessAsync(http, worker, HttpStatusCode.ServiceUnavailable, "the FHIR server at 127.0.0.1: unreachable");
        Assert.DoesNotContain("/metadata", down, StringComparison.Ordinal);
        await Fhir.StartAgainAsync();
        await WaitForReadinessAsync(http, worker, HttpStatusCode.OK, "the FHIR server reachable");

        await RabbitMqBroker.StopBrokerAsync();
        try
        {
            await WaitForReadinessAsync(http, worker, HttpStatusCode.ServiceUnavailable, "masstransit");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(worker.BaseUrl, "health/live"))).StatusCode);
        }
        finally
        {
            await RabbitMqBroker.StartBrokerAsync();
        }
        await WaitForReadinessAsync(http, worker, HttpStatusCode.OK, "masstransit");
    }

    // Polls /health/ready until it answers the status; returns its report, which must mention what is expected.
    private static async Task<string> WaitForReadinessAsync(HttpClient http, WorkerProcess worker, HttpStatusCode expected, string mentions)
    {
        var deadline = Stopwatch.StartNew();
        var report = string.Empty;
        var status = default(HttpStatusCode);
        while (deadline.Elapsed < Patience)
        {
            using var answer = await http.GetAsync(worker.Readiness);
            (status, report) = (answer.StatusCode, await answer.Content.ReadAsStringAsync());
            if (status == expected && report.Contains(mentions, StringComparison.Ordinal))
            {
                return report;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"readiness stayed HTTP {(int)status} for {Patience.TotalSeconds} s: {report}");
        return report;
    }
}
