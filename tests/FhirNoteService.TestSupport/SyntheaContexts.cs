using FhirNoteService.Core.Context;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirNoteService.TestSupport;

/// <summary>
/// The encounters of the realistic Synthea patients (<c>../shared/data/synthea</c>) as the context reader would return
/// them, read straight from their bundles without a FHIR server: for tests that need real-shaped records in process.
/// </summary>
public static class SyntheaContexts
{
    /// <summary>The finished encounters of each patient file (up to <paramref name="perPatient"/> each, latest first).</summary>
    public static IEnumerable<ClinicalContext> Load(int perPatient)
    {
        var parser = new FhirJsonDeserializer();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Synthea, "*.json").Order(StringComparer.Ordinal))
        {
            var bundle = parser.Deserialize<Bundle>(File.ReadAllText(file));
            var resources = bundle.Entry.Select(e => e.Resource).Where(r => r is not null).ToList();
            var patient = resources.OfType<Patient>().Single();
            var encounters = resources.OfType<Encounter>()
                .Where(e => e.Status == Encounter.EncounterStatus.Finished)
                .OrderByDescending(e => e.Period?.Start, StringComparer.Ordinal)
                .Take(perPatient);
            foreach (var encounter in encounters)
            {
                bool Of(ResourceReference? reference) => reference?.Reference is { } r && (r == $"urn:uuid:{encounter.Id}" || r == $"Encounter/{encounter.Id}");
                yield return new ClinicalContext
                {
                    Encounter = encounter,
                    Patient = patient,
                    EncounterConditions = resources.OfType<Condition>().Where(c => Of(c.Encounter)).ToList(),
                    PatientConditions = resources.OfType<Condition>().ToList(),
                    PatientMedications = resources.OfType<MedicationRequest>().ToList(),
                    Observations = resources.OfType<Observation>().Where(o => Of(o.Encounter)).ToList(),
                    MedicationRequests = resources.OfType<MedicationRequest>().Where(m => Of(m.Encounter)).ToList(),
                    Procedures = resources.OfType<Procedure>().Where(p => Of(p.Encounter)).ToList(),
                    DiagnosticReports = resources.OfType<DiagnosticReport>().Where(d => Of(d.Encounter)).ToList(),
                    AllergyIntolerances = resources.OfType<AllergyIntolerance>().ToList(),
                };
            }
        }
    }
}
