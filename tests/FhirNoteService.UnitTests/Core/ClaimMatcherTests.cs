using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.UnitTests.Core;

/// <summary>What a statement may say about the facts it cites: a table of claims against a small record.</summary>
public class ClaimMatcherTests
{
    private static readonly FactSheet Facts = new(
    [
        new ClinicalFact(1, FactKind.Diagnosis, "Diagnosis: Acute bronchitis, 2024-03-01", "Condition/c1", "Acute bronchitis", When: new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)),
        new ClinicalFact(2, FactKind.Medication, "Medication prescribed: Amoxicillin 500 MG Oral Capsule, 500 mg", "MedicationRequest/m1", "Amoxicillin 500 MG Oral Capsule", "500 mg"),
        new ClinicalFact(3, FactKind.VitalSign, "Vital sign: Body temperature, 39.1 Cel, 2024-03-01", "Observation/o1", "Body temperature", "39.1 Cel", new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero)),
        new ClinicalFact(4, FactKind.Problem, "Active problem: Hypertension", "Condition/c2", "Hypertension"),
    ]);

    [Theory]
    [InlineData("Amoxicillin 500 mg was prescribed.", new[] { 2 }, true)]
    [InlineData("Started amoxicillin for the bronchitis.", new[] { 2, 1 }, true)]
    [InlineData("Acute bronchitis diagnosed on 2024-03-01.", new[] { 1 }, true)]
    [InlineData("Temperature 39.1 Cel on admission.", new[] { 3 }, true)]
    [InlineData("Amoxicillin 875 mg was prescribed.", new[] { 2 }, false)]
    [InlineData("Azithromycin was prescribed.", new[] { 2 }, false)]
    [InlineData("Acute bronchitis diagnosed on 2024-03-05.", new[] { 1 }, false)]
    [InlineData("Temperature 38.1 Cel on admission.", new[] { 3 }, false)]
    [InlineData("Patient stable.", new[] { 1 }, false)]
    [InlineData("Hypertension noted.", new[] { 1 }, false)]
    // A known gap, left for "Drafts a clinician can trust": units are not compared, so a changed unit passes.
    [InlineData("Amoxicillin 500 mcg was prescribed.", new[] { 2 }, true)]
    public void Matches_ClaimAgainstItsCitedFacts(string claim, int[] cited, bool expected)
    {
        var matcher = new ClaimMatcher(Facts);

        Assert.Equal(expected, matcher.Matches(claim, cited.Select(n => Facts.Find(n)!).ToList()));
    }
}
