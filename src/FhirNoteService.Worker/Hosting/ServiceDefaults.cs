using FhirNoteService.Core.Pipeline;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FhirNoteService.Worker.Hosting;

/// <summary>Telemetry and health endpoints shared by every way the worker runs.</summary>
internal static class ServiceDefaults
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string StartupPath = "/health/startup";
    public const string PrometheusSetting = "Telemetry:Prometheus";

    /// <summary>
    /// OpenTelemetry metrics of the service, MassTransit and HttpClient; their traces and logs too when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set (all three exported over OTLP to it); a Prometheus scrape endpoint when
    /// <c>Telemetry:Prometheus</c> is on; and health checks. Spans carry resource references, never patient data; HTTP
    /// spans drop the query string, which can name a patient; model calls record no message content.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(NoteTelemetry.Name, "MassTransit").AddHttpClientInstrumentation();
                if (builder.Configuration.GetValue<bool>(PrometheusSetting))
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Spans are recorded only when they go somewhere: without an exporter every HTTP call and message would
            // still build and tag an Activity for nothing.
            otel.WithTracing(tracing => TraceSources(tracing)).UseOtlpExporter();
            builder.Logging.AddOpenTelemetry(logging => logging.IncludeFormattedMessage = true);
        }
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"])
            .AddCheck<StartedHealthCheck>("started", tags: ["startup"]);
        return builder;
    }

    /// <summary>Where the service's spans come from: its own stages and model calls, MassTransit, and HttpClient (without query strings).</summary>
    public static TracerProviderBuilder TraceSources(TracerProviderBuilder tracing) => tracing
        .AddSource(NoteTelemetry.Name, "MassTransit")
        .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = (activity, _) => activity.SetTag("url.full", null));

    /// <summary>
    /// Liveness (the process answers), startup (the host has started every service) and readiness (the bus is
    /// connected, the FHIR server and model endpoints answer, consumption is not paused), in every environment, as JSON
    /// that names each check and why it is not healthy.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live"), ResponseWriter = WriteReportAsync });
        app.MapHealthChecks(StartupPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("startup"), ResponseWriter = WriteReportAsync });
        // MassTransit reports a receive endpoint that lost its broker as Degraded, which would answer 200: not ready.
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReportAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        if (app.Configuration.GetValue<bool>(PrometheusSetting))
        {
            app.MapPrometheusScrapingEndpoint();
        }
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new { name = entry.Key, status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        });
}
