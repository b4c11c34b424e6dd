using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Models;

/// <summary>One model endpoint as resolved from the settings (global, or overridden for a note type).</summary>
internal sealed record ModelProfile(string Provider, Uri Endpoint, string Model, string? ApiKey, string? ModelVersion)
{
    /// <summary>
    /// The profile of the generation model, overridden by <paramref name="overrides"/>; with <paramref name="inherit"/>
    /// false (the verifier) nothing is taken from the generation settings, and no provider means no model.
    /// </summary>
    public static ModelProfile? Resolve(GenerationOptions options, ModelProfileOptions? overrides, bool inherit = true)
    {
        var provider = (overrides?.Provider ?? (inherit ? options.Provider : GenerationProviders.Offline)).ToLowerInvariant();
        if (provider == GenerationProviders.Offline)
        {
            return null;
        }
        if (!inherit)
        {
            return new ModelProfile(provider, overrides!.Endpoint!, overrides.Model!, overrides.ApiKey, overrides.ModelVersion);
        }
        return new ModelProfile(
            provider,
            overrides?.Endpoint ?? options.Endpoint!,
            overrides?.Model ?? options.Model!,
            overrides?.ApiKey ?? options.ApiKey,
            overrides?.ModelVersion ?? options.ModelVersion);
    }

    public const string LargeLanguageModels = "Large-Language-Models";

    /// <summary>The author Device: one per provider and model.</summary>
    public GeneratorIdentity Identity => new(
        $"{Provider}/{Model}",
        $"{Model} via {ProviderName} (FhirNoteService)",
        ModelVersion ?? Model,
        LargeLanguageModels,
        ProviderName);

    private string ProviderName => Provider switch
    {
        GenerationProviders.AzureOpenAi => "Azure OpenAI",
        GenerationProviders.Ollama => "Ollama",
        _ => "OpenAI-compatible endpoint",
    };
}
