using FhirNoteService.Core.Facts;

namespace FhirNoteService.Core.Generation;

/// <summary>
/// Marks every statement that cites no fact, or a fact that does not exist, as unsupported.
/// The note keeps such statements, visibly flagged, so that the reviewing clinician sees them.
/// </summary>
public static class GroundingCheck
{
    public static GroundingResult Check(GeneratedNote note, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(facts);
        var unsupported = 0;
        var total = 0;
        var sections = note.Sections.Select(section => section with
        {
            Statements = section.Statements.Select(statement =>
            {
                total++;
                var grounded = statement.FactNumbers.Count > 0 && statement.FactNumbers.All(n => facts.Find(n) is not null);
                if (grounded && !statement.Unsupported)
                {
                    return statement;
                }
                unsupported++;
                return statement with { Unsupported = true };
            }).ToList(),
        }).ToList();
        return new GroundingResult(note with { Sections = sections }, total, unsupported);
    }
}

/// <summary>The checked note, with how many of its statements could not be traced to a fact.</summary>
public sealed record GroundingResult(GeneratedNote Note, int StatementCount, int UnsupportedCount);
