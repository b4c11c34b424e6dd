using FhirNoteService.Ai.Models;

namespace FhirNoteService.UnitTests.Ai;

public class ModelAnswerParserTests
{
    [Fact]
    public void TryParse_WellFormedAnswer_ReadsSectionsStatementsAndCitations()
    {
        const string answer = """{"sections":[{"heading":"Assessment","statements":[{"text":"Asthma.","facts":[3, 4]}]}]}""";

        Assert.True(ModelAnswerParser.TryParse(answer, out var sections, out _));

        var statement = Assert.Single(Assert.Single(sections).Statements);
        Assert.Equal("Asthma.", statement.Text);
        Assert.Equal([3, 4], statement.FactNumbers);
    }

    [Fact]
    public void TryParse_AnswerInOneCodeFence_IsAccepted()
    {
        Assert.True(ModelAnswerParser.TryParse("```json\n{\"sections\":[]}\n```", out var sections, out _));
        Assert.Empty(sections);
    }

    [Theory]
    [InlineData("", "the answer is empty")]
    [InlineData("Here is your note: Asthma.", "the answer is not the expected JSON (JsonReaderException)")]
    [InlineData("""{"note":"x"}""", "the answer has no \"sections\" array")]
    [InlineData("""{"sections":[{"heading":"A","statements":[{"text":"Asthma."}]}]}""", "the answer is not the expected JSON (KeyNotFoundException)")]
    [InlineData("""{"sections":[{"heading":"A","statements":[{"text":"  ","facts":[1]}]}]}""", "the answer is not the expected JSON (FormatException)")]
    [InlineData("""{"sections":[{"heading":"A","statements":[{"text":"Asthma.","facts":["one"]}]}]}""", "the answer is not the expected JSON (InvalidOperationException)")]
    public void TryParse_AnythingElse_IsRefusedWithAReason(string answer, string problem)
    {
        Assert.False(ModelAnswerParser.TryParse(answer, out _, out var reason));
        Assert.Equal(problem, reason);
    }
}
