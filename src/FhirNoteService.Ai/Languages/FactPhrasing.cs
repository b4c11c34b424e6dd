using FhirNoteService.Core.Facts;

namespace FhirNoteService.Ai.Languages;

/// <summary>Phrases a fact with the first pattern of its kind whose placeholders all have values.</summary>
internal static class FactPhrasing
{
    public static string Phrase(LanguagePack pack, ClinicalFact fact)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["{label}"] = fact.Label,
            ["{value}"] = fact.Value,
            ["{date}"] = fact.When is { } when ? FhirText.Date(when) : null,
            ["{detail}"] = fact.Detail,
        };
        var patterns = pack.Phrases.TryGetValue(fact.Kind, out var found) ? found : ["{label}."];
        return Fill(patterns, values) ?? fact.Statement;
    }

    public static string? Fill(IEnumerable<string> patterns, IReadOnlyDictionary<string, string?> values)
    {
        foreach (var pattern in patterns)
        {
            var text = pattern;
            var complete = true;
            foreach (var (placeholder, value) in values)
            {
                if (!text.Contains(placeholder, StringComparison.Ordinal))
                {
                    continue;
                }
                if (value is null)
                {
                    complete = false;
                    break;
                }
                text = text.Replace(placeholder, value, StringComparison.Ordinal);
            }
            if (complete)
            {
                return text;
            }
        }
        return null;
    }
}
