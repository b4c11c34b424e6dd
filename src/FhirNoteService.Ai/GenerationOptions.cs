namespace FhirNoteService.Ai;

/// <summary>Which generator writes the notes, and how model endpoints are called. Section <c>Generation</c>.</summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generation";

    /// <summary><c>offline</c> (the default; needs no model), <c>openai</c>, <c>azure-openai</c> or <c>ollama</c>.</summary>
    public string Provider { get; set; } = GenerationProviders.Offline;

    /// <summary>The model endpoint: an OpenAI-compatible base URL (e.g. <c>https://api.openai.com/v1/</c>, a vLLM or llama.cpp server's <c>/v1/</c>), an Azure OpenAI resource URL, or an Ollama URL.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model name (the deployment name for Azure OpenAI).</summary>
    public string? Model { get; set; }

    /// <summary>The API key, where the endpoint needs one. Keep it in a secret, not in appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model version recorded on the author Device; defaults to the model name.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Time allowed for one model call attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Retries of a failed call (429 and 503 honour Retry-After); exponential backoff with jitter.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The circuit breaker opens when this share of calls fails within <see cref="BreakerSamplingDuration"/>.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Fewer clinical facts than this (diagnoses, problems, medications, procedures, results, vital signs, allergies,
    /// reasons, reports: the patient and the encounter do not count) and no model is called: the offline generator
    /// writes the note, with the reason logged. A model given next to nothing writes filler.
    /// </summary>
    public int MinimumFacts { get; set; } = 3;

    /// <summary>
    /// An optional second model (same settings as the generation model; off unless its Provider is a model provider)
    /// that is asked, for every statement of a model draft, whether the facts it cites support it. A statement it
    /// judges unsupported is flagged (VerifierDisagrees); it adds to the deterministic checks, never replaces them.
    /// </summary>
    public ModelProfileOptions Verifier { get; set; } = new();

    /// <summary>Per note type (key such as <c>discharge-summary</c>), a different provider, endpoint, model, key or minimum.</summary>
    public Dictionary<string, ModelProfileOptions> NoteTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Named model profiles (a provider, endpoint, model, key or minimum each) that note rules choose by name
    /// (<c>NoteRules:Rules:{n}:Notes:{m}:Model</c>); a profile wins over the note type's model.
    /// </summary>
    public Dictionary<string, ModelProfileOptions> Profiles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A folder of the hospital's own language packs, one subfolder per language (the same files as the built-in ones in
    /// src/FhirNoteService.Ai/Languages); a pack there replaces a built-in one of the same language.
    /// </summary>
    public string? LanguagePacks { get; set; }
}

/// <summary>Overrides of the model settings for one note type; what is empty is taken from <c>Generation</c>.</summary>
public sealed class ModelProfileOptions
{
    public string? Provider { get; set; }

    public Uri? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    public string? ModelVersion { get; set; }

    /// <summary>The note type's own <see cref="GenerationOptions.MinimumFacts"/>.</summary>
    public int? MinimumFacts { get; set; }
}

/// <summary>The values of <see cref="GenerationOptions.Provider"/>.</summary>
public static class GenerationProviders
{
    public const string Offline = "offline";
    public const string OpenAi = "openai";
    public const string AzureOpenAi = "azure-openai";
    public const string Ollama = "ollama";

    public static IReadOnlyList<string> All { get; } = [Offline, OpenAi, AzureOpenAi, Ollama];
}
