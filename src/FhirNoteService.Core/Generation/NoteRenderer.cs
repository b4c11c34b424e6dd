using System.Globalization;
using System.Text;
using FhirNoteService.Core.Facts;

namespace FhirNoteService.Core.Generation;

/// <summary>Renders a note as the plain text a clinician reads in the EMR, with fact citations and their sources.</summary>
public static class NoteRenderer
{
    public static string Render(GeneratedNote note, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(facts);
        var labels = note.Labels;
        var text = new StringBuilder();
        text.AppendLine(note.Title.ToUpperInvariant());
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, labels.DraftNotice, $"{note.Generator.Name} {note.Generator.Version}"));
        text.AppendLine(labels.CitationNotice);
        if (facts.Unread.Count > 0)
        {
            text.AppendLine(string.Format(CultureInfo.InvariantCulture, labels.UnreadNotice, string.Join(labels.ListSeparator, facts.Unread.Select(p => labels.PartNames[p]))));
        }
        var flagged = note.Sections.SelectMany(s => s.Statements).Where(s => s.Unsupported).ToList();
        if (flagged.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(labels.ReviewHeading);
            foreach (var statement in flagged)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {statement.Text} ({Reasons(statement, labels)})");
            }
        }
        foreach (var section in note.Sections.Where(s => s.Statements.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(section.Heading);
            foreach (var statement in section.Statements)
            {
                var citation = statement.FactNumbers.Count == 0 ? string.Empty : $" [{string.Join(", ", statement.FactNumbers)}]";
                var flag = statement.Unsupported ? $" {labels.UnsupportedMarker} ({Reasons(statement, labels)})" : string.Empty;
                text.AppendLine(CultureInfo.InvariantCulture, $"- {statement.Text}{citation}{flag}");
            }
        }
        var cited = note.CitedFacts.Order().Select(facts.Find).OfType<ClinicalFact>().ToList();
        if (cited.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(labels.SourcesHeading);
            foreach (var fact in cited)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"[{fact.Number}] {fact.Source}");
            }
        }
        return text.ToString();
    }

    private static string Reasons(NoteStatement statement, NoteLabels labels) =>
        string.Join(labels.ListSeparator, (statement.Problems ?? []).Select(p => labels.ProblemNames?.GetValueOrDefault(p) ?? p.ToString()));
}
