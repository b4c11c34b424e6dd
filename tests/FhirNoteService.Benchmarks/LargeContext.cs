using FhirNoteService.Core.Context;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.Benchmarks;

/// <summary>A synthetic inpatient stay with thousands of observations: the heavy end of what one note draws on.</summary>
internal static class LargeContext
{
    public static ClinicalContext Build(int observations = 5000, int codes = 50)
    {
        var baseContext = ContextFixtures.Context();
        var start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var list = new List<Observation>(observations);
        for (var i = 0; i < observations; i++)
        {
            var code = i % codes;
            list.Add(new Observation
            {
                Id = $"obs-{i}",
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", code < 10 ? "vital-signs" : "laboratory")],
                Code = new CodeableConcept("http://loinc.org", $"{1000 + code}-{code % 10}", $"Measurement {code}"),
                Value = new Quantity(50 + (i % 97) / 10m, "mg/dL"),
                Effective = new FhirDateTime(start.AddMinutes(i * 7)),
            });
        }
        var conditions = Enumerable.Range(0, 40).Select(i => ContextFixtures.Condition($"c-{i}", $"{400000 + i}", $"Condition {i}", i % 3 == 0 ? "resolved" : "active")).ToList();
        return new ClinicalContext
        {
            Encounter = baseContext.Encounter,
            Patient = baseContext.Patient,
            EncounterConditions = conditions.Take(8).ToList(),
            PatientConditions = conditions,
            Observations = list,
            MedicationRequests = Enumerable.Repeat(baseContext.MedicationRequests[0], 20).Select((m, i) => { var copy = (MedicationRequest)m.DeepCopy(); copy.Id = $"med-{i}"; return copy; }).ToList(),
            Procedures = baseContext.Procedures,
            AllergyIntolerances = baseContext.AllergyIntolerances,
        };
    }
}
