using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Models;

/// <summary>One model endpoint as resolved from the settings (global, or overridden for a note type).</summary>
internal sealed record ModelProfile(string Provider, Uri Endpoint, string Model, string? ApiKey, string? ModelVersion)
{
    public static ModelProfile? Resolve(GenerationOptions options, ModelProfileOptions? overrides)
    {
        var provider = (overrides?.Provider ?? options.Provider).ToLowerInvariant();
        if (provider == GenerationProviders.Offline)
        {
            return null;
        }
        return new ModelProfile(
            provider,
            overrides?.Endpoint ?? options.Endpoint!,
            overrides?.Model ?? options.Model!,
            overrides?.ApiKey ?? options.ApiKey,
            overrides?.ModelVersion ?? options.ModelVersion);
    }

    /// <summary>The author Device: one per provider and model.</summary>
    public GeneratorIdentity Identity => new(
        $"{Provider}/{Model}",
        $"{Model} via {ProviderName} (FhirNoteService)",
        ModelVersion ?? Model,
        "Large-Language-Models",
        ProviderName);

    private string ProviderName => Provider switch
    {
        GenerationProviders.AzureOpenAi => "Azure OpenAI",
        GenerationProviders.Ollama => "Ollama",
        _ => "OpenAI-compatible endpoint",
    };
}
