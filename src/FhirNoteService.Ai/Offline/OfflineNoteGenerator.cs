using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Offline;

/// <summary>
/// Writes notes without a model: every statement is one fact (or the opening summary of several), phrased by
/// its kind in the note's language and cited by number. Deterministic, offline, and the embedded default.
/// </summary>
public sealed partial class OfflineNoteGenerator(LanguagePacks languages) : INoteGenerator
{
    /// <summary>An offline generator with the built-in language packs.</summary>
    public OfflineNoteGenerator()
        : this(LanguagePacks.BuiltIn)
    {
    }

    public static GeneratorIdentity Identity { get; } = new(
        "fhirnoteservice-offline-extractive/1.0",
        "FhirNoteService offline extractive generator",
        "1.0",
        "Rule-Based-Systems",
        "FhirNoteService");

    public Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pack = languages.For(request.Language);
        var template = pack.For(request);
        var sections = new List<NoteSection>();
        if (Opening(pack, request.Facts) is { } opening)
        {
            sections.Add(new NoteSection(pack.SummaryHeading, [opening]));
        }
        foreach (var section in template.Sections)
        {
            var statements = section.Kinds
                .SelectMany(request.Facts.OfKind)
                .Select(fact => NoteStatement.FromFacts(FactPhrasing.Phrase(pack, fact), fact.Number))
                .ToList();
            if (statements.Count > 0 || section.Required)
            {
                sections.Add(new NoteSection(section.Heading, statements, section.Required));
            }
        }
        return Task.FromResult(new GeneratedNote(template.Title, sections, request.Language, Identity, pack.Labels));
    }

    private static NoteStatement? Opening(LanguagePack pack, FactSheet facts)
    {
        var patient = facts.OfKind(FactKind.Demographics).FirstOrDefault();
        var encounter = facts.OfKind(FactKind.Encounter).FirstOrDefault();
        if (encounter is null)
        {
            return null;
        }
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["{patient}"] = patient is null ? null : PatientWords(pack, patient.Label),
            ["{encounter}"] = pack.EncounterNames is { } names
                ? (encounter.Detail is { } detail && detail.StartsWith("class ", StringComparison.Ordinal) ? names.GetValueOrDefault(detail["class ".Length..]) : null)
                : encounter.Label,
            ["{span}"] = pack.Span is { } span ? SpanWords(span, encounter) : encounter.Value,
        };
        int[] cited = patient is null ? [encounter.Number] : [patient.Number, encounter.Number];
        return NoteStatement.FromFacts(FactPhrasing.Fill(pack.Opening, values) ?? encounter.Statement, cited);
    }

    // "62-year-old female" in the pack's own words where it has them ("62岁女性"), else as the record says it.
    private static string PatientWords(LanguagePack pack, string demographics)
    {
        if (pack.Patient is not { } pattern)
        {
            return $"{char.ToUpperInvariant(demographics[0])}{demographics[1..]}";
        }
        var match = Demographics().Match(demographics);
        var age = match.Groups["age"].Success ? match.Groups["age"].Value : null;
        var sex = match.Groups["sex"].Success ? pack.SexNames?.GetValueOrDefault(match.Groups["sex"].Value) : null;
        return FactPhrasing.Fill([pattern, "{sex}", "{age}岁"], new Dictionary<string, string?> { ["{age}"] = age, ["{sex}"] = sex }) ?? string.Empty;
    }

    private static string? SpanWords(IReadOnlyList<string> patterns, ClinicalFact encounter)
    {
        var dates = IsoDate().Matches(encounter.Value ?? string.Empty).Select(m => m.Value).ToList();
        return FactPhrasing.Fill(patterns, new Dictionary<string, string?>
        {
            ["{start}"] = dates.ElementAtOrDefault(0),
            ["{end}"] = dates.ElementAtOrDefault(1),
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:(?<age>\d+)-year-old)?\s*(?<sex>male|female|other|unknown)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex Demographics();

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}-\d{2}-\d{2}", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex IsoDate();
}
