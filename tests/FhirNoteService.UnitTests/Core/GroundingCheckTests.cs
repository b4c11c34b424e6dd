using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Core;

public class GroundingCheckTests
{
    private static readonly GeneratorIdentity Generator = LabelFixtures.Generator;

    private static readonly FactSheet Facts = LabelFixtures.AsthmaFacts;

    [Fact]
    public void Check_StatementsWithoutOrWithUnknownCitations_AreFlaggedUnsupported()
    {
        var note = new GeneratedNote("Note", [new NoteSection("A",
        [
            new NoteStatement("Asthma.", [1]),
            new NoteStatement("Salbutamol for asthma.", [2, 1]),
            new NoteStatement("Invented with no citation.", []),
            new NoteStatement("Cites a fact that does not exist.", [7]),
            new NoteStatement("Cites one real and one missing fact.", [1, 9]),
        ])], "en-US", Generator, LabelFixtures.Test);

        var result = GroundingCheck.Check(note, Facts);

        Assert.Equal(5, result.StatementCount);
        Assert.Equal(3, result.UnsupportedCount);
        Assert.Equal([false, false, true, true, true], result.Note.Sections[0].Statements.Select(s => s.Unsupported));
    }
}
