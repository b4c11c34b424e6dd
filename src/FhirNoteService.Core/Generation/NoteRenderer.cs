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
        var review = ReviewList.Of(note, facts);
        if (review.Count > 0)
        {
            text.AppendLine();
            text.AppendLine(labels.ReviewHeading);
            foreach (var item in review.Where(i => i.Kind == ReviewKind.UnverifiedStatement))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {item.Text} ({Reasons(item.Reasons, labels)})");
            }
            AppendList(text, labels.ReviewMedications, review, ReviewKind.MedicationStarted, labels);
            AppendList(text, labels.ReviewDiagnoses, review, ReviewKind.NewDiagnosis, labels);
        }
        foreach (var section in note.Sections.Where(s => s.Statements.Count > 0 || s.Required))
        {
            text.AppendLine();
            text.AppendLine(section.Heading);
            if (section.Statements.Count == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {labels.NotRecorded}");
            }
            foreach (var statement in section.Statements)
            {
                var citation = statement.FactNumbers.Count == 0 ? string.Empty : $" [{string.Join(", ", statement.FactNumbers)}]";
                var flag = statement.Unsupported ? $" {labels.UnsupportedMarker} ({Reasons(statement.Problems ?? [], labels)})" : string.Empty;
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

    private static string Reasons(IEnumerable<Grounding.StatementProblem> problems, NoteLabels labels) =>
        string.Join(labels.ListSeparator, problems.Select(p => labels.ProblemNames?.GetValueOrDefault(p) ?? p.ToString()));

    private static void AppendList(StringBuilder text, string format, IReadOnlyList<ReviewItem> review, ReviewKind kind, NoteLabels labels)
    {
        var items = review.Where(i => i.Kind == kind).Select(i => i.Text).ToList();
        if (items.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {string.Format(CultureInfo.InvariantCulture, format, string.Join(labels.ListSeparator, items))}");
        }
    }
}
