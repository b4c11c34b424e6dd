using FhirNoteService.Core.Drafts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.Messaging.Drafts;

/// <summary>The <c>no-draft-state</c> write profile on the bus: drafts published as NoteDraftReady instead of written.</summary>
public static class DraftReadyPublishing
{
    /// <summary>The setting and value that choose it (<c>Fhir:WriteProfile=no-draft-state</c>).</summary>
    public const string WriteProfileSetting = "Fhir:WriteProfile";
    public const string NoDraftState = "no-draft-state";

    public static bool IsOn(IConfiguration configuration) =>
        string.Equals(configuration[WriteProfileSetting], NoDraftState, StringComparison.Ordinal);

    /// <summary>
    /// With the no-draft-state profile, replaces the FHIR draft writer with <see cref="DraftReadyPublisher"/>; call it after
    /// the FHIR access is added. Otherwise changes nothing.
    /// </summary>
    public static IServiceCollection AddDraftReadyPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (IsOn(configuration))
        {
            services.AddSingleton<IDraftWriter, DraftReadyPublisher>();
            services.AddSingleton<DraftReadyQueueDeclaration>();
            services.AddHostedService(provider => provider.GetRequiredService<DraftReadyQueueDeclaration>());
        }
        return services;
    }
}
