using FhirNoteService.Core.Context;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.TestSupport;

/// <summary>A small generated-note setting for Core's own tests, which need no language pack: fixed lines, a generator, two facts.</summary>
public static class LabelFixtures
{
    public static GeneratorIdentity Generator { get; } = new("g", "Gen", "1", "Rule-Based-Systems", "Us");

    /// <summary>A diagnosis (1, Asthma) and a medication (2, Salbutamol).</summary>
    public static FactSheet AsthmaFacts { get; } = new(
    [
        new ClinicalFact(1, FactKind.Diagnosis, "Diagnosis: Asthma", "Condition/c1", "Asthma"),
        new ClinicalFact(2, FactKind.Medication, "Medication prescribed: Salbutamol", "MedicationRequest/m1", "Salbutamol"),
    ]);

    public static NoteLabels Test { get; } = new(
        "TEST DRAFT by {0}",
        "Numbers cite facts.",
        "Sources",
        "[UNTRACED]",
        "MISSING: {0}",
        new Dictionary<RecordPart, string> { [RecordPart.Allergies] = "allergies", [RecordPart.Problems] = "problems", [RecordPart.Medications] = "medications" },
        ", ",
        "REVIEW FIRST",
        Enum.GetValues<FhirNoteService.Core.Generation.Grounding.StatementProblem>().ToDictionary(p => p, p => p == FhirNoteService.Core.Generation.Grounding.StatementProblem.DrugNotInRecord ? "drug not in the record" : p.ToString()));
}
