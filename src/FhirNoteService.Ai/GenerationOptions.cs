namespace FhirNoteService.Ai;

/// <summary>Which generator writes the notes. Section <c>Generation</c>.</summary>
public sealed class GenerationOptions
{
    public const string SectionName = "Generation";

    /// <summary>The generator: <c>offline</c> (the default; needs no model).</summary>
    public string Provider { get; set; } = GenerationProviders.Offline;
}

/// <summary>The values of <see cref="GenerationOptions.Provider"/>.</summary>
public static class GenerationProviders
{
    public const string Offline = "offline";

    public static IReadOnlyList<string> All { get; } = [Offline];
}
