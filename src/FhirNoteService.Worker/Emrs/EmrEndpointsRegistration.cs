using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir;
using FhirNoteService.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirNoteService.Worker.Emrs;

/// <summary>Registers the EMRs of <c>Emrs</c>: the router the consumer drafts through, their settings checks, readiness and background work.</summary>
internal static class EmrEndpointsRegistration
{
    public static IServiceCollection AddEmrEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NoteTelemetry>();
        services.AddSingleton(provider => new EmrEndpoints(provider, configuration));
        services.AddScoped<INoteDrafting, EmrRouter>();
        services.AddHostedService<EmrEndpointsHost>();
        services.AddSettingsCheck(provider => provider.GetRequiredService<EmrEndpoints>().SettingsProblems());
        foreach (var name in EmrEndpoints.NamesIn(configuration))
        {
            services.AddReachabilityCheck($"fhir:{name}", $"the FHIR server of {name}", _ =>
                (configuration[$"{EmrEndpoints.SectionName}:{name}:Fhir:BaseUrl"] ?? configuration["Fhir:BaseUrl"]) is { } baseUrl && Uri.TryCreate(baseUrl, UriKind.Absolute, out var url)
                    ? [FhirEndpoints.Readiness(url)]
                    : []);
        }
        return services;
    }
}
