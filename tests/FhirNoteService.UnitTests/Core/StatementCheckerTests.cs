using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation.Grounding;

namespace FhirNoteService.UnitTests.Core;

/// <summary>What a statement may say in its own words about the facts it cites: a table of claims against a small record.</summary>
public class StatementCheckerTests
{
    private static readonly DateTimeOffset March1 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly FactSheet Facts = new(
    [
        new ClinicalFact(1, FactKind.Diagnosis, "Diagnosis: Acute bronchitis (disorder), 2024-03-01", "Condition/c1", "Acute bronchitis (disorder)", When: March1),
        new ClinicalFact(2, FactKind.Medication, "Medication prescribed: Amoxicillin 500 MG Oral Capsule, 500 mg, three times daily", "MedicationRequest/m1", "Amoxicillin 500 MG Oral Capsule", "500 mg, three times daily"),
        new ClinicalFact(3, FactKind.VitalSign, "Vital sign: Body temperature, 39.14 Cel, 2024-03-01", "Observation/o1", "Body temperature", "39.14 Cel", March1),
        new ClinicalFact(4, FactKind.Problem, "Active problem: Hypertension", "Condition/c2", "Hypertension"),
        new ClinicalFact(5, FactKind.Allergy, "Allergy: Allergy to penicillin", "AllergyIntolerance/a1", "Allergy to penicillin"),
        new ClinicalFact(6, FactKind.VitalSign, "Vital sign: Blood pressure panel", "Observation/o2", "Blood pressure panel", "Diastolic Blood Pressure 77 mm[Hg]; Systolic Blood Pressure 105 mm[Hg]", March1),
        new ClinicalFact(7, FactKind.Demographics, "Patient: 62-year-old female", "Patient/p1", "62-year-old female"),
        new ClinicalFact(8, FactKind.LabResult, "Result: Carbon dioxide, total [Moles/volume] in Serum or Plasma, 27.04 mmol/L", "Observation/o3", "Carbon dioxide, total [Moles/volume] in Serum or Plasma", "27.04 mmol/L", March1),
    ]);

    [Theory]
    [InlineData("Amoxicillin 500 mg was prescribed.", new[] { 2 }, "")]
    [InlineData("Started {2} for {1}.", new[] { 2, 1 }, "")]
    [InlineData("Acute bronchitis diagnosed on March 1, 2024.", new[] { 1 }, "")]
    [InlineData("Acute bronchitis diagnosed on 03/01/2024.", new[] { 1 }, "")]
    [InlineData("急性支气管炎，2024年3月1日。", new[] { 1 }, "")]
    [InlineData("Temperature 39.1 °C on admission.", new[] { 3 }, "")]
    [InlineData("Blood pressure 105/77 mmHg.", new[] { 6 }, "")]
    [InlineData("CO2 was 27.0 mmol/L.", new[] { 8 }, "")]
    [InlineData("既往高血压。", new[] { 4 }, "")]
    [InlineData("既往Hypertension。", new[] { 4 }, "")]
    [InlineData("62-year-old woman.", new[] { 7 }, "")]
    [InlineData("Amoxicillin 875 mg was prescribed.", new[] { 2 }, "ValueNotInRecord")]
    [InlineData("Amoxicillin 500 mcg was prescribed.", new[] { 2 }, "UnitNotInRecord")]
    [InlineData("Azithromycin was prescribed.", new[] { 2 }, "DrugNotInRecord")]
    [InlineData("{2}; digoxin was added.", new[] { 2 }, "DrugNotInRecord")]
    [InlineData("加用地高辛。", new[] { 2 }, "DrugNotInRecord")]
    [InlineData("Acute bronchitis diagnosed on 2024-03-05.", new[] { 1 }, "DateNotInRecord")]
    [InlineData("Temperature 38.1 Cel on admission.", new[] { 3 }, "ValueNotInRecord")]
    [InlineData("Blood pressure 77/105 mmHg.", new[] { 6 }, "SwappedValues")]
    [InlineData("Blood pressure 105/77 kPa.", new[] { 6 }, "UnitNotInRecord")]
    [InlineData("Hypertension noted.", new[] { 1 }, "NameNotInCitedFacts")]
    [InlineData("Pneumonia was diagnosed.", new[] { 1 }, "DiagnosisNotInRecord")]
    [InlineData("Underwent colonoscopy.", new[] { 1 }, "ProcedureNotInRecord")]
    [InlineData("No known allergies.", new[] { 5 }, "NegatesRecord")]
    [InlineData("否认过敏史。", new[] { 5 }, "NegatesRecord")]
    [InlineData("{4} was ruled out.", new[] { 4 }, "NegatesRecord")]
    [InlineData("Chronic bronchitis.", new[] { 1 }, "QualifierNotInRecord")]
    [InlineData("70-year-old patient.", new[] { 7 }, "AgeNotInRecord")]
    [InlineData("The patient is a man.", new[] { 7 }, "SexNotInRecord")]
    public void Check_ClaimAgainstItsCitedFacts(string claim, int[] cited, string problems)
    {
        var checker = new StatementChecker(Facts);

        var found = checker.Check(claim, cited.Select(n => Facts.Find(n)!).ToList());

        Assert.Equal(problems, string.Join(", ", found));
    }
}
