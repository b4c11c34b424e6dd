using FhirNoteService.Core.Facts;

namespace FhirNoteService.Core.Generation;

/// <summary>
/// Marks a statement unsupported when it cites no fact, cites a fact that does not exist, or says something its
/// cited facts do not (a number, a medication, a diagnosis: see <see cref="ClaimMatcher"/>). The note keeps such
/// statements, visibly flagged, so that the reviewing clinician sees them.
/// </summary>
public static class GroundingCheck
{
    public static GroundingResult Check(GeneratedNote note, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(facts);
        var unsupported = 0;
        var matcher = new ClaimMatcher(facts);
        var sections = note.Sections.Select(section => section with
        {
            Statements = section.Statements.Select(statement =>
            {
                if (!statement.Unsupported && IsGrounded(statement, facts, matcher))
                {
                    return statement;
                }
                unsupported++;
                return statement with { Unsupported = true };
            }).ToList(),
        }).ToList();
        return new GroundingResult(note with { Sections = sections }, note.StatementCount, unsupported);
    }

    private static bool IsGrounded(NoteStatement statement, FactSheet facts, ClaimMatcher matcher)
    {
        var cited = statement.FactNumbers.Select(facts.Find).OfType<ClinicalFact>().ToList();
        return cited.Count > 0
            && cited.Count == statement.FactNumbers.Count
            && matcher.Matches(statement.Text, cited);
    }
}

/// <summary>The checked note, with how many of its statements could not be traced to the facts.</summary>
public sealed record GroundingResult(GeneratedNote Note, int StatementCount, int UnsupportedCount)
{
    /// <summary>True when the note is empty or at least half of it is unsupported: not worth a clinician's review.</summary>
    public bool IsUnusable => StatementCount == 0 || UnsupportedCount * 2 >= StatementCount;
}
