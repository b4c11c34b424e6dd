using FhirNoteService.Core.Pipeline;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FhirNoteService.Worker.Hosting;

/// <summary>Telemetry and health endpoints shared by every way the worker runs.</summary>
internal static class ServiceDefaults
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// OpenTelemetry metrics of the service, MassTransit and HttpClient, and their traces when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set (both exported over OTLP to it), and health checks. Spans carry resource
    /// references, never patient data; HTTP spans drop the query string, which can name a patient.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(NoteTelemetry.Name, "MassTransit")
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Spans are recorded only when they go somewhere: without an exporter every HTTP call and message would
            // still build and tag an Activity for nothing.
            otel.WithTracing(tracing => tracing
                    .AddSource(NoteTelemetry.Name, "MassTransit")
                    .AddHttpClientInstrumentation(http => http.EnrichWithHttpRequestMessage = (activity, _) => activity.SetTag("url.full", null)))
                .UseOtlpExporter();
        }
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Liveness (the process answers) and readiness (the bus is connected and consumption is not paused), in every
    /// environment, as JSON that names each check and why it is not healthy.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("live"), ResponseWriter = WriteReportAsync });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteReportAsync });
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new { name = entry.Key, status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        });
}
