using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirNoteService.Messaging;

/// <summary>Readiness: unhealthy while consumption is paused for an unavailable dependency, saying which and since when.</summary>
public sealed class ConsumptionHealthCheck(ConsumptionGate gate) : IHealthCheck
{
    public const string Name = "consumption";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.Current is { } pause
            ? HealthCheckResult.Unhealthy(
                $"consumption paused: {pause.Dependency} unavailable since {pause.Since:O} ({pause.Reason})",
                data: new Dictionary<string, object> { ["dependency"] = pause.Dependency, ["since"] = pause.Since })
            : HealthCheckResult.Healthy("consuming"));
}
