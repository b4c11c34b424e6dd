using System.Text.RegularExpressions;
using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// Fills in the fact references of a model's statements: where the model wrote <c>{n}</c>, the clinician reads fact
/// n as the language pack phrases it, in the record's own words (name, dose, value with unit, date). The model's
/// wording is kept as the statement's template for the grounding check, and referenced facts count as cited.
/// </summary>
internal static partial class FactReferences
{
    public static IReadOnlyList<NoteSection> Fill(IReadOnlyList<NoteSection> sections, FactSheet facts, LanguagePack pack) =>
        sections.Select(section => section with { Statements = section.Statements.Select(s => Fill(s, facts, pack)).ToList() }).ToList();

    private static NoteStatement Fill(NoteStatement statement, FactSheet facts, LanguagePack pack)
    {
        var referenced = Reference().Matches(statement.Text).Select(m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (referenced.Count == 0)
        {
            return statement;
        }
        var text = Reference().Replace(statement.Text, match =>
        {
            var number = int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            return facts.Find(number) is { } fact ? FactPhrasing.Phrase(pack, fact).TrimEnd('.', '。') : $"[?{number}]";
        });
        return statement with { Text = text, Template = statement.Text, FactNumbers = statement.FactNumbers.Concat(referenced).Distinct().ToList() };
    }

    [GeneratedRegex(@"\{(?<n>\d{1,5})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
