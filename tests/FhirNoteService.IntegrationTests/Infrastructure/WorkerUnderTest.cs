using FhirNoteService.Fhir;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>A worker host wired exactly as the service wires itself, on the real broker and the sandbox FHIR server.</summary>
public sealed class WorkerUnderTest : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerUnderTest(IHost host, FhirRequestCounter counter)
    {
        _host = host;
        FhirRequests = counter;
    }

    public FhirRequestCounter FhirRequests { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>
    /// Starts a worker; <paramref name="recorder"/> (optional) hears its announcements and faults;
    /// <paramref name="configure"/> (optional) adds to the host as a test needs (telemetry exporters, log capture).
    /// </summary>
    public static async Task<WorkerUnderTest> StartAsync(
        SandboxFhirServer fhir,
        RabbitMqBroker broker,
        BusRecorder? recorder = null,
        int concurrency = 8,
        IDictionary<string, string?>? settings = null,
        Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fhir:BaseUrl"] = fhir.BaseUrl.ToString(),
            ["Messaging:ConcurrencyLimit"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:PrefetchCount"] = (concurrency * 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Messaging:RetryLimit"] = "2",
            ["Messaging:RetryMinInterval"] = "00:00:00.200",
            ["Messaging:RetryMaxInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(broker.WorkerSettings().Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        var counter = new FhirRequestCounter();
        if (recorder is not null)
        {
            builder.Services.AddSingleton(recorder);
        }
        builder.AddServiceDefaults().AddNoteService(bus =>
        {
            if (recorder is not null)
            {
                bus.AddConsumer<BusRecorderConsumer>();
            }
        });
        builder.Services.AddHttpClient(FhirClientFactory.HttpClientName).AddHttpMessageHandler(() => counter);
        configure?.Invoke(builder);
        var host = builder.Build();
        await host.StartAsync();
        return new WorkerUnderTest(host, counter);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
