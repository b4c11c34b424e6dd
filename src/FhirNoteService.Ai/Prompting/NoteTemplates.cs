using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Ai.Prompting;

/// <summary>Loads the note templates and language packs embedded from the Templates folder (one JSON file each).</summary>
public static class NoteTemplates
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly ConcurrentDictionary<string, object> Cache = new(StringComparer.Ordinal);

    /// <summary>The note languages with templates.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en-US", "zh-CN"];

    internal static NoteTemplate For(ClinicalNoteType noteType, string language) =>
        Load<NoteTemplate>($"{noteType.Key}.{Supported(language)}.json");

    internal static LanguagePack Language(string language) => Load<LanguagePack>($"language.{Supported(language)}.json");

    private static string Supported(string language) =>
        Languages.FirstOrDefault(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentOutOfRangeException(nameof(language), language, $"No note templates for this language; supported: {string.Join(", ", Languages)}.");

    private static T Load<T>(string file) => (T)Cache.GetOrAdd(file, name =>
    {
        using var stream = typeof(NoteTemplates).Assembly.GetManifestResourceStream($"FhirNoteService.Ai.Templates.{name}")
            ?? throw new InvalidOperationException($"The template {name} is missing from the assembly.");
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"The template {name} is empty.");
    });
}
