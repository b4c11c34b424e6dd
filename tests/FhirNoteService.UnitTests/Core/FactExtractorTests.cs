using FhirNoteService.Core.Facts;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Core;

public class FactExtractorTests
{
    private readonly FactSheet _facts = FactExtractor.Extract(ContextFixtures.Context());

    [Fact]
    public void Extract_Facts_AreNumberedFromOneWithoutGaps()
    {
        Assert.Equal(Enumerable.Range(1, _facts.Facts.Count), _facts.Facts.Select(f => f.Number));
    }

    [Fact]
    public void Extract_Demographics_GiveAgeAtEncounterAndSexOnly()
    {
        var patient = Assert.Single(_facts.OfKind(FactKind.Demographics));
        Assert.Equal("62-year-old female", patient.Label);
        Assert.Equal("Patient/pat-1", patient.Source);
    }

    [Fact]
    public void Extract_IdentityAndFreeText_NeverBecomeFacts()
    {
        var everything = string.Join('\n', _facts.Facts.Select(f => $"{f.Statement}|{f.Label}|{f.Value}"));
        Assert.DoesNotContain(ContextFixtures.PatientName, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Quxworth", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ContextFixtures.PatientMrn, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ContextFixtures.PatientStreet, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ContextFixtures.PatientBirthDate, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(ContextFixtures.PatientPhone, everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_RepeatedObservation_KeepsOnlyTheLatestReading()
    {
        var temperature = Assert.Single(_facts.OfKind(FactKind.VitalSign));
        Assert.Equal("37.2 Cel", temperature.Value);
        Assert.Equal("Observation/obs-2", temperature.Source);
    }

    [Fact]
    public void Extract_ClinicalContent_BecomesFactsWithTheirSources()
    {
        Assert.Equal("Condition/cond-1", Assert.Single(_facts.OfKind(FactKind.Diagnosis)).Source);
        Assert.Equal("14.2 10*3/uL", Assert.Single(_facts.OfKind(FactKind.LabResult)).Value);
        var medication = Assert.Single(_facts.OfKind(FactKind.Medication));
        Assert.Equal("Amoxicillin 500 MG Oral Capsule", medication.Label);
        Assert.Equal("500 mg", medication.Value);
        Assert.Equal("Procedure/proc-1", Assert.Single(_facts.OfKind(FactKind.Procedure)).Source);
        Assert.Contains("criticality high", Assert.Single(_facts.OfKind(FactKind.Allergy)).Statement, StringComparison.Ordinal);
        Assert.Equal("Discharged to home", Assert.Single(_facts.OfKind(FactKind.Disposition)).Label);
        Assert.Equal("Pneumonia", Assert.Single(_facts.OfKind(FactKind.EncounterReason)).Label);
    }

    [Fact]
    public void Extract_ActiveProblems_ExcludeThisEncountersDiagnosesAndResolvedOnes()
    {
        var problem = Assert.Single(_facts.OfKind(FactKind.Problem));
        Assert.Equal("Diabetes mellitus type 2", problem.Label);
    }

    [Fact]
    public void Extract_Encounter_StatesTypeAndSpan()
    {
        var encounter = Assert.Single(_facts.OfKind(FactKind.Encounter));
        Assert.Equal("Encounter Inpatient", encounter.Label);
        Assert.Equal("from 2024-03-01 to 2024-03-04", encounter.Value);
    }
}
