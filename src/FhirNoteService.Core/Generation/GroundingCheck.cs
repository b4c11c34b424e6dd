using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation.Grounding;

namespace FhirNoteService.Core.Generation;

/// <summary>
/// Marks a statement unsupported, with why, when it cites no fact, cites a fact that does not exist, or says in its
/// own words something its cited facts do not (see <see cref="StatementChecker"/>). The note keeps such statements,
/// visibly flagged with their reasons, so that the reviewing clinician sees them.
/// </summary>
public static class GroundingCheck
{
    public static GroundingResult Check(GeneratedNote note, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(facts);
        var unsupported = 0;
        var checker = new Lazy<StatementChecker>(() => new StatementChecker(facts));
        var sections = note.Sections.Select(section => section with
        {
            Statements = section.Statements.Select(statement =>
            {
                // A model draft is checked before it is accepted and again as the draft is built: once is enough.
                if (statement.Checked)
                {
                    unsupported += statement.Unsupported ? 1 : 0;
                    return statement;
                }
                var problems = Problems(statement, facts, checker.Value);
                if (problems.Count == 0 && !statement.Unsupported)
                {
                    return statement with { Checked = true };
                }
                unsupported++;
                return statement with { Unsupported = true, Problems = [.. statement.Problems ?? [], .. problems], Checked = true };
            }).ToList(),
        }).ToList();
        return new GroundingResult(note with { Sections = sections }, note.StatementCount, unsupported);
    }

    private static List<StatementProblem> Problems(NoteStatement statement, FactSheet facts, StatementChecker checker)
    {
        if (statement.FactNumbers.Count == 0)
        {
            return [StatementProblem.NoCitation];
        }
        var cited = statement.FactNumbers.Select(facts.Find).OfType<ClinicalFact>().ToList();
        var problems = checker.Check(statement.Template ?? statement.Text, cited);
        if (cited.Count < statement.FactNumbers.Count)
        {
            problems.Insert(0, StatementProblem.UnknownFact);
        }
        return problems;
    }
}

/// <summary>The checked note, with how many of its statements could not be traced to the facts.</summary>
public sealed record GroundingResult(GeneratedNote Note, int StatementCount, int UnsupportedCount)
{
    /// <summary>True when half or more of the statements could not be verified: worth asking the model again, saying which.</summary>
    public bool IsMostlyUnverified => UnsupportedCount * 2 >= StatementCount;

    /// <summary>The share of statements traced to a fact, 0 to 1 to two places (0 for a note without statements).</summary>
    public decimal SupportedShare =>
        StatementCount == 0 ? 0m : Math.Round((decimal)(StatementCount - UnsupportedCount) / StatementCount, 2);
}
