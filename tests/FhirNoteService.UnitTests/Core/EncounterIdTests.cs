using FhirNoteService.Core.Events;

namespace FhirNoteService.UnitTests.Core;

public class EncounterIdTests
{
    [Theory]
    [InlineData("Encounter/123", "123")]
    [InlineData("Encounter/a-b.c", "a-b.c")]
    [InlineData("Encounter/1.0", "1.0")]
    public void TryParse_RelativeEncounterReference_ParsesId(string reference, string id)
    {
        Assert.True(EncounterId.TryParse(reference, out var encounter, out var problem));
        Assert.Null(problem);
        Assert.Equal(id, encounter!.Value);
        Assert.Equal($"Encounter/{id}", encounter.Reference);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("https://other.example/fhir/Encounter/1", "absolute URL")]
    [InlineData("Patient/1", "points to a Patient")]
    [InlineData("Encounter/", "not of the form")]
    [InlineData("Encounter/has space", "not of the form")]
    [InlineData("123", "not of the form")]
    [InlineData(" Encounter/x1 ", "not of the form")]
    [InlineData("Encounter/42/_history/7", "names a version (_history)")]
    [InlineData("Encounter/..", "not of the form")]
    [InlineData("Encounter/.", "not of the form")]
    [InlineData("Encounter/-", "not of the form")]
    [InlineData("Encounter/1\n", "not of the form")]
    public void TryParse_AnythingElse_NamesTheProblem(string? reference, string expected)
    {
        Assert.False(EncounterId.TryParse(reference, out var encounter, out var problem));
        Assert.Null(encounter);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
