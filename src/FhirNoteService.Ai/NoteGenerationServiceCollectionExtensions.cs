using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Generation;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.Ai;

/// <summary>Registers the note generator chosen by the <c>Generation</c> settings.</summary>
public static class NoteGenerationServiceCollectionExtensions
{
    /// <summary>Adds the configured <see cref="INoteGenerator"/>; the offline generator is the default.</summary>
    public static IServiceCollection AddNoteGeneration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<GenerationOptions, GenerationOptionsValidator>(GenerationOptions.SectionName);
        services.AddSingleton<INoteGenerator, OfflineNoteGenerator>();
        return services;
    }
}
