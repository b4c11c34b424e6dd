using FhirNoteService.Ai;
using FhirNoteService.Core;
using FhirNoteService.Core.Notes;
using FhirNoteService.Fhir;
using FhirNoteService.Messaging;
using FhirNoteService.Messaging.Drafts;
using FhirNoteService.Worker.Emrs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Worker.Hosting;

/// <summary>Wires the service's concerns together; each lives behind its own <c>AddXxx</c>.</summary>
internal static class NoteServiceRegistration
{
    public static IHostApplicationBuilder AddNoteService(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        // A mounted rules file (a ConfigMap): read at start, so a rule changes with a restart, not a rebuild.
        if (builder.Configuration[$"{NoteRuleOptions.SectionName}:{nameof(NoteRuleOptions.File)}"] is { Length: > 0 } rulesFile)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(rulesFile), optional: true, reloadOnChange: false);
        }
        if (EmrEndpoints.NamesIn(builder.Configuration).Count > 0)
        {
            // Several EMRs: each its own pipeline and FHIR access (Emrs:{name}); the bus is shared.
            builder.Services.AddEmrEndpoints(builder.Configuration).AddMessaging(builder.Configuration, configureBus);
        }
        else
        {
            builder.Services
                .AddNoteDrafting()
                .AddFhirAccess()
                .AddFhirReadiness()
                .AddNoteGeneration()
                .AddModelReadiness()
                .AddMessaging(builder.Configuration, configureBus)
                .AddDraftReadyPublishing(builder.Configuration);
        }
        // The host must outwait the bus, which outwaits the notes in flight (Messaging:ShutdownGracePeriod). The host
        // reads this while it is built, before the settings are checked: invalid ones leave the default, and are
        // reported by the command that built it (SettingsReport) instead of surfacing here as a stack trace.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<MessagingOptions>>((host, messaging) =>
        {
            try
            {
                host.ShutdownTimeout = messaging.Value.ShutdownGracePeriod + TimeSpan.FromSeconds(15);
            }
            catch (OptionsValidationException)
            {
            }
        });
        return builder;
    }
}
