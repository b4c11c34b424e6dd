using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirNoteService.Core;

/// <summary>Registers the note pipeline. The context reader, generator and writer come from their own <c>AddXxx</c>.</summary>
public static class NoteDraftingServiceCollectionExtensions
{
    /// <summary>Adds the pipeline, the draft builder, telemetry and the validated <see cref="DraftOptions"/>. The host provides IMeterFactory (AddMetrics).</summary>
    public static IServiceCollection AddNoteDrafting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<DraftOptions, DraftOptionsValidator>(DraftOptions.SectionName);
        services.AddValidatedOptions<EventOptions, EventOptionsValidator>(EventOptions.SectionName);
        services.AddValidatedOptions<Notes.NoteRuleOptions, Notes.NoteRuleOptionsValidator>(Notes.NoteRuleOptions.SectionName);
        services.TryAddSingleton<Notes.NoteRuleBook>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NoteTelemetry>();
        services.TryAddSingleton<DraftIdentifiers>();
        services.TryAddSingleton<DraftPlanner>();
        services.TryAddSingleton<DraftBuilder>();
        services.TryAddScoped<NoteDrafter>();
        services.TryAddScoped<NoteDraftingPipeline>();
        services.TryAddScoped<INoteDrafting>(provider => provider.GetRequiredService<NoteDraftingPipeline>());
        return services;
    }
}
