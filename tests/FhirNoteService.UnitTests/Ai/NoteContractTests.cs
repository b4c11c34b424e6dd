using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;

namespace FhirNoteService.UnitTests.Ai;

/// <summary>What a note must mention: found in the record, and added from it when a draft leaves it out.</summary>
public class NoteContractTests
{
    private static readonly FactSheet Facts = new(
    [
        new ClinicalFact(1, FactKind.Encounter, "Encounter: Inpatient stay, from 2024-03-01 to 2024-03-04", "Encounter/e1", "Inpatient stay", "from 2024-03-01 to 2024-03-04"),
        new ClinicalFact(2, FactKind.Diagnosis, "Diagnosis: Pneumonia", "Condition/c1", "Pneumonia"),
        new ClinicalFact(3, FactKind.Medication, "Medication prescribed: Amoxicillin 500 MG Oral Capsule", "MedicationRequest/m1", "Amoxicillin 500 MG Oral Capsule"),
        new ClinicalFact(4, FactKind.LabResult, "Result: Leukocytes, 14.2 10*3/uL (interpretation H)", "Observation/o1", "Leukocytes", "14.2 10*3/uL", Detail: "interpretation H"),
        new ClinicalFact(5, FactKind.LabResult, "Result: Sodium, 140 mmol/L (interpretation N)", "Observation/o2", "Sodium", "140 mmol/L", Detail: "interpretation N"),
        new ClinicalFact(6, FactKind.Allergy, "Allergy: Allergy to penicillin", "AllergyIntolerance/a1", "Allergy to penicillin"),
        new ClinicalFact(7, FactKind.CurrentMedication, "Current medication: Lisinopril 10 MG Oral Tablet (status stopped)", "MedicationRequest/m2", "Lisinopril 10 MG Oral Tablet", Detail: "status stopped"),
        new ClinicalFact(8, FactKind.Problem, "Active problem: Hypertension", "Condition/c2", "Hypertension"),
    ]);

    [Fact]
    public void Required_DischargeSummary_IsTheEncounterDiagnosesMedicationsAbnormalResultsAndAllergies()
    {
        var template = LanguagePacks.BuiltIn.For("en-US").Notes[ClinicalNoteType.DischargeSummary.Key];

        Assert.Equal([1, 2, 3, 4, 6, 7], NoteContract.Required(template, Facts).Select(f => f.Number));
    }

    [Fact]
    public void Complete_ADraftLeavingThingsOut_GetsThemFromTheRecordInALabelledSection()
    {
        var pack = LanguagePacks.BuiltIn.For("en-US");
        var note = new GeneratedNote("Discharge summary", [new NoteSection("Summary", [new NoteStatement("{2}.", [1, 2])])], "en-US", LabelFixtures.Generator, pack.Labels);

        var completed = NoteContract.Complete(note, Facts, pack, pack.Notes[ClinicalNoteType.DischargeSummary.Key]);

        var added = Assert.Single(completed.Sections, s => s.Heading == pack.Labels.OmissionsHeading);
        Assert.Equal([3, 4, 6, 7], added.Statements.SelectMany(s => s.FactNumbers));
        Assert.Equal(0, GroundingCheck.Check(completed with { Sections = [added] }, Facts).UnsupportedCount);
    }

    [Fact]
    public void Complete_AChineseDischargeSummary_HasEveryRequiredSectionEvenWhenTheRecordHasNothingForIt()
    {
        var pack = LanguagePacks.BuiltIn.For("zh-CN");
        var note = new GeneratedNote("出院小结", [new NoteSection("诊疗经过", [new NoteStatement("{1}。", [1, 2, 3, 4, 6, 7])])], "zh-CN", LabelFixtures.Generator, pack.Labels);

        var completed = NoteContract.Complete(note, Facts, pack, pack.Notes[ClinicalNoteType.DischargeSummary.Key]);

        Assert.Equal(["诊疗经过", "入院情况", "出院诊断", "出院情况", "出院医嘱"], completed.Sections.Select(s => s.Heading));
        Assert.Contains($"出院情况\n- {pack.Labels.NotRecorded}", NoteRenderer.Render(completed, Facts).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
