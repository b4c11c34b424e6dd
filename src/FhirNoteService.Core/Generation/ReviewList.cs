using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation.Grounding;

namespace FhirNoteService.Core.Generation;

/// <summary>What a review item is about.</summary>
public enum ReviewKind
{
    /// <summary>A statement the service could not verify against the record.</summary>
    UnverifiedStatement,

    /// <summary>A medication prescribed at this encounter: started or changed.</summary>
    MedicationStarted,

    /// <summary>A diagnosis made at this encounter.</summary>
    NewDiagnosis,
}

/// <summary>One thing the clinician should check first, with why and the resources it rests on.</summary>
public sealed record ReviewItem(ReviewKind Kind, string Text, IReadOnlyList<StatementProblem> Reasons, IReadOnlyList<string> Sources);

/// <summary>
/// What the clinician should check first in a draft: the statements the service could not verify (each with why),
/// the medications started or changed and the new diagnoses. Shown at the top of the note and carried on the
/// DocumentReference as <c>review-item</c> extensions.
/// </summary>
public static class ReviewList
{
    public static IReadOnlyList<ReviewItem> Of(GeneratedNote note, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(facts);
        var unverified = note.Sections.SelectMany(s => s.Statements).Where(s => s.Unsupported)
            .Select(s => new ReviewItem(ReviewKind.UnverifiedStatement, s.Text, s.Problems ?? [], facts.SourcesOf(s.FactNumbers)));
        var medications = facts.OfKind(FactKind.Medication)
            .Select(f => new ReviewItem(ReviewKind.MedicationStarted, f.Value is null ? f.Label : $"{f.Label}, {f.Value}", [], [f.Source]));
        var diagnoses = facts.OfKind(FactKind.Diagnosis)
            .Select(f => new ReviewItem(ReviewKind.NewDiagnosis, f.Label, [], [f.Source]));
        return [.. unverified, .. medications, .. diagnoses];
    }
}
