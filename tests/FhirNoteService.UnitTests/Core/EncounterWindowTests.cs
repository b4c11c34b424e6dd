using FhirNoteService.Core.Context;
using FhirNoteService.Core.Facts;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Core;

/// <summary>The record as it stood during the fixture's encounter, 2024-03-01 to 2024-03-04.</summary>
public class EncounterWindowTests
{
    private static Condition Problem(string id, string display, string status, string onset, string? abated = null)
    {
        var condition = ContextFixtures.Condition(id, id, display, status);
        condition.Encounter = new ResourceReference("Encounter/older");
        condition.Onset = new FhirDateTime(onset);
        condition.Abatement = abated is null ? null : new FhirDateTime(abated);
        return condition;
    }

    private static MedicationRequest Medication(string id, MedicationRequest.MedicationrequestStatus status, string authored, string? ended = null) => new()
    {
        Id = id,
        Status = status,
        Intent = MedicationRequest.MedicationRequestIntent.Order,
        Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", id, $"Drug {id} 10 MG Oral Tablet"),
        Subject = new ResourceReference("Patient/pat-1"),
        AuthoredOnElement = new FhirDateTime(authored),
        DispenseRequest = ended is null ? null : new MedicationRequest.DispenseRequestComponent { ValidityPeriod = new Period(new FhirDateTime(authored), new FhirDateTime(ended)) },
    };

    private static FactSheet Extract(IEnumerable<Condition>? problems = null, IEnumerable<MedicationRequest>? medications = null, IEnumerable<AllergyIntolerance>? allergies = null)
    {
        var fixture = ContextFixtures.Context();
        return FactExtractor.Extract(new ClinicalContext
        {
            Encounter = fixture.Encounter,
            Patient = fixture.Patient,
            EncounterConditions = fixture.EncounterConditions,
            PatientConditions = [.. fixture.EncounterConditions, .. problems ?? []],
            MedicationRequests = fixture.MedicationRequests,
            PatientMedications = [.. fixture.MedicationRequests, .. medications ?? []],
            AllergyIntolerances = allergies?.ToList() ?? fixture.AllergyIntolerances,
        });
    }

    [Fact]
    public void Extract_Problems_AreThoseThatHeldDuringTheEncounter()
    {
        var facts = Extract(
        [
            Problem("p1", "Hypertension", "active", "2010-01-01"),
            Problem("p2", "Heart failure", "active", "2024-06-01"),
            Problem("p3", "Sprain of ankle", "resolved", "2024-02-20", abated: "2024-03-02"),
            Problem("p4", "Acute sinusitis", "resolved", "2023-01-01", abated: "2023-01-20"),
            Problem("p5", "Old fracture", "resolved", "2019-01-01"),
        ]);

        Assert.Equal(["Hypertension", "Sprain of ankle"], facts.OfKind(FactKind.Problem).Select(f => f.Label));
    }

    [Fact]
    public void Extract_AProblemThatIsAlsoTheEncountersDiagnosis_IsSaidOnceAsTheDiagnosis()
    {
        var facts = Extract([Problem("p1", "Pneumonia", "active", "2024-02-01")]);

        Assert.Empty(facts.OfKind(FactKind.Problem));
        Assert.Single(facts.Facts, f => f.Label == "Pneumonia" && f.Kind is FactKind.Diagnosis or FactKind.Problem);
    }

    [Fact]
    public void Extract_CurrentMedications_AreThePatientsOrdersActiveDuringTheEncounter()
    {
        var facts = Extract(medications:
        [
            Medication("m1", MedicationRequest.MedicationrequestStatus.Active, "2020-05-01"),
            Medication("m2", MedicationRequest.MedicationrequestStatus.Active, "2024-05-01"),
            Medication("m3", MedicationRequest.MedicationrequestStatus.Stopped, "2023-01-01", ended: "2024-03-02"),
            Medication("m4", MedicationRequest.MedicationrequestStatus.Stopped, "2023-01-01", ended: "2023-06-01"),
            Medication("m5", MedicationRequest.MedicationrequestStatus.Stopped, "2023-01-01"),
        ]);

        Assert.Equal(["MedicationRequest/m1", "MedicationRequest/m3"], facts.OfKind(FactKind.CurrentMedication).Select(f => f.Source));
        Assert.Equal("MedicationRequest/med-1", Assert.Single(facts.OfKind(FactKind.Medication)).Source);
    }

    [Fact]
    public void Extract_AllergiesRecordedAfterTheEncounterOrRefuted_AreLeftOut()
    {
        AllergyIntolerance Allergy(string id, string recorded, string verification = "confirmed") => new()
        {
            Id = id,
            Code = new CodeableConcept("http://snomed.info/sct", id, $"Allergy {id}"),
            Patient = new ResourceReference("Patient/pat-1"),
            RecordedDateElement = new FhirDateTime(recorded),
            VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", verification),
        };

        var facts = Extract(allergies: [Allergy("a1", "2000-01-01"), Allergy("a2", "2024-07-01"), Allergy("a3", "2000-01-01", "refuted")]);

        Assert.Equal(["Allergy a1"], facts.OfKind(FactKind.Allergy).Select(f => f.Label));
    }
}
