using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirNoteService.Http;

/// <summary>Registers readiness checks that a dependency answers over HTTP (<see cref="ReachabilityHealthCheck"/>).</summary>
public static class ReachabilityServiceCollectionExtensions
{
    /// <summary>A readiness check (tag <c>ready</c>) named <paramref name="name"/> that GETs each of the URLs <paramref name="targets"/> gives.</summary>
    public static IServiceCollection AddReachabilityCheck(this IServiceCollection services, string name, string dependency, Func<IServiceProvider, IReadOnlyList<Uri>> targets)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(targets);
        services.AddHttpClient(ReachabilityHealthCheck.HttpClientName);
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            name,
            provider => new ReachabilityHealthCheck(provider.GetRequiredService<IHttpClientFactory>(), dependency, () => targets(provider)),
            HealthStatus.Unhealthy,
            ["ready"]));
        return services;
    }
}
