using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirNoteService.Worker.Hosting;

/// <summary>The startup probe: healthy once the host has started every hosted service (the bus among them).</summary>
internal sealed class StartedHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("started")
            : HealthCheckResult.Unhealthy("starting"));
}
