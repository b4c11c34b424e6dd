using System.Text.Json;
using System.Text.Json.Serialization;
using FhirNoteService.Core.Notes;

namespace FhirNoteService.Ai.Languages;

/// <summary>
/// The note languages the service can write, each one pack: those built in (embedded from <c>Languages/</c>) and those
/// in a folder of the hospital's own (<c>Generation:LanguagePacks</c>, one subfolder per language, the same files).
/// A pack that lacks a file or a label is left out, and why is kept in <see cref="Problems"/>.
/// </summary>
public sealed partial class LanguagePacks
{
    public const string LanguageFile = "language.json";

    private const string ResourcePrefix = "FhirNoteService.Ai.Languages/";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, LanguagePack> _packs;

    private LanguagePacks(Dictionary<string, LanguagePack> packs, IReadOnlyList<string> problems)
    {
        _packs = packs;
        Problems = problems;
    }

    /// <summary>The packs built into the service.</summary>
    public static LanguagePacks BuiltIn { get; } = Load(folder: null);

    /// <summary>The languages that have a complete pack, e.g. en-US, zh-CN.</summary>
    public IReadOnlyList<string> Languages => [.. _packs.Keys.Order(StringComparer.Ordinal)];

    /// <summary>What is wrong with the packs that were left out.</summary>
    public IReadOnlyList<string> Problems { get; }

    public bool Has(string language) => _packs.ContainsKey(language);

    /// <summary>The pack of a language (case-insensitive); there is no fallback to another language.</summary>
    public LanguagePack For(string language) =>
        _packs.TryGetValue(language, out var pack)
            ? pack
            : throw new ArgumentOutOfRangeException(nameof(language), language, $"No language pack for this language; there are: {string.Join(", ", Languages)}.");

    /// <summary>The built-in packs and, when <paramref name="folder"/> is given, those in its subfolders (which win).</summary>
    public static LanguagePacks Load(string? folder)
    {
        var packs = new Dictionary<string, LanguagePack>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var assembly = typeof(LanguagePacks).Assembly;
        var embedded = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .GroupBy(n => n[ResourcePrefix.Length..].Split('/', '\\')[0], StringComparer.Ordinal);
        foreach (var language in embedded)
        {
            Add(language.Key, file => assembly.GetManifestResourceStream($"{ResourcePrefix}{language.Key}/{file}"), packs, problems);
        }
        if (folder is not null)
        {
            if (!Directory.Exists(folder))
            {
                problems.Add($"Generation:LanguagePacks: the folder {folder} does not exist");
            }
            else
            {
                foreach (var directory in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
                {
                    Add(Path.GetFileName(directory), file => File.Exists(Path.Combine(directory, file)) ? File.OpenRead(Path.Combine(directory, file)) : null, packs, problems);
                }
            }
        }
        return new LanguagePacks(packs, problems);
    }

    private static void Add(string language, Func<string, Stream?> open, Dictionary<string, LanguagePack> packs, List<string> problems)
    {
        try
        {
            var pack = Read<LanguagePack>(open, LanguageFile, language);
            if (!string.Equals(pack.Language, language, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{LanguageFile} says it is {pack.Language}");
            }
            var labels = pack.Labels ?? throw new InvalidDataException($"{LanguageFile} has no labels");
            if (string.IsNullOrEmpty(pack.Regenerate))
            {
                throw new InvalidDataException($"{LanguageFile} has no regenerate instruction");
            }
            if (new[] { labels.DraftNotice, labels.CitationNotice, labels.SourcesHeading, labels.UnsupportedMarker, labels.UnreadNotice, labels.ListSeparator, labels.ReviewHeading, labels.ReviewMedications, labels.ReviewDiagnoses, labels.OmissionsHeading, labels.NotRecorded }.Any(string.IsNullOrEmpty)
                || Enum.GetValues<Core.Context.RecordPart>().Any(part => labels.PartNames?.ContainsKey(part) != true)
                || Enum.GetValues<Core.Generation.Grounding.StatementProblem>().Any(problem => labels.ProblemNames?.ContainsKey(problem) != true))
            {
                throw new InvalidDataException($"{LanguageFile} lacks a label");
            }
            var names = ClinicalNoteType.All.Select(type => type.Key).Concat(pack.Templates ?? []).Distinct(StringComparer.Ordinal);
            if ((pack.Templates ?? []).FirstOrDefault(name => !TemplateName().IsMatch(name)) is { } badName)
            {
                throw new InvalidDataException($"{LanguageFile} lists a template name that is not 1-64 lowercase letters, digits or '-': {badName}");
            }
            var notes = names.ToDictionary(name => name, name => Read<NoteTemplate>(open, $"{name}.json", language), StringComparer.Ordinal);
            packs[language] = pack with { Notes = notes };
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or IOException)
        {
            problems.Add($"language pack {language}: {error.Message}");
        }
    }

    private static T Read<T>(Func<string, Stream?> open, string file, string language)
    {
        using var stream = open(file) ?? throw new InvalidDataException($"{file} is missing");
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{file} is empty");
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial System.Text.RegularExpressions.Regex TemplateName();
}
