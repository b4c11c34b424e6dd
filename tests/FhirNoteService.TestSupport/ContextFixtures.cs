using FhirNoteService.Core.Context;
using Hl7.Fhir.Model;

namespace FhirNoteService.TestSupport;

/// <summary>A small, fully synthetic patient and encounter, with identity data that must never leave the service.</summary>
public static class ContextFixtures
{
    public const string PatientName = "Zebedee Quxworth";
    public const string PatientMrn = "MRN-99887766";
    public const string PatientStreet = "17 Lilac Crescent";
    public const string PatientBirthDate = "1961-04-23";
    public const string PatientPhone = "555-0199-321";

    public static Patient Patient() => new()
    {
        Id = "pat-1",
        Name = [new HumanName { Family = "Quxworth", Given = ["Zebedee"], Text = PatientName }],
        Identifier = [new Identifier("http://hospital.example/mrn", PatientMrn)],
        Address = [new Address { Line = [PatientStreet], City = "Springfield" }],
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, PatientPhone)],
        BirthDate = PatientBirthDate,
        Gender = AdministrativeGender.Female,
    };

    public static Encounter Encounter(string classCode = "IMP", Encounter.EncounterStatus status = Hl7.Fhir.Model.Encounter.EncounterStatus.Finished) => new()
    {
        Id = "enc-1",
        Status = status,
        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", classCode),
        Type = [new CodeableConcept("http://snomed.info/sct", "183452005", "Encounter Inpatient")],
        Subject = new ResourceReference("Patient/pat-1"),
        Period = new Period(new FhirDateTime("2024-03-01T08:00:00Z"), new FhirDateTime("2024-03-04T12:00:00Z")),
        ReasonCode = [new CodeableConcept("http://snomed.info/sct", "233604007", "Pneumonia")],
        ServiceProvider = new ResourceReference("Organization/org-1"),
        Hospitalization = new Encounter.HospitalizationComponent
        {
            DischargeDisposition = new CodeableConcept("http://www.nubc.org/patient-discharge", "01", "Discharged to home"),
        },
    };

    public static ClinicalContext Context(string classCode = "IMP") => new()
    {
        Encounter = Encounter(classCode),
        Patient = Patient(),
        EncounterConditions = [Condition("cond-1", "233604007", "Pneumonia", "active")],
        PatientConditions = [Condition("cond-1", "233604007", "Pneumonia", "active"), Condition("cond-2", "44054006", "Diabetes mellitus type 2", "active"), Condition("cond-3", "10509002", "Acute bronchitis", "resolved")],
        Observations =
        [
            Quantity("obs-1", "8310-5", "Body temperature", 39.1m, "Cel", "vital-signs", "2024-03-01T09:00:00Z"),
            Quantity("obs-2", "8310-5", "Body temperature", 37.2m, "Cel", "vital-signs", "2024-03-03T09:00:00Z"),
            Quantity("obs-3", "6690-2", "Leukocytes", 14.2m, "10*3/uL", "laboratory", "2024-03-01T10:00:00Z"),
            new Observation
            {
                Id = "obs-4",
                Status = ObservationStatus.Final,
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")],
                Code = new CodeableConcept("http://loinc.org", "1234-5", "Clinician comment"),
                Encounter = new ResourceReference("Encounter/enc-1"),
                Value = new FhirString($"Spoke with {PatientName} at {PatientPhone}"),
            },
        ],
        MedicationRequests =
        [
            new MedicationRequest
            {
                Id = "med-1",
                Status = MedicationRequest.MedicationrequestStatus.Active,
                Intent = MedicationRequest.MedicationRequestIntent.Order,
                Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "308182", "Amoxicillin 500 MG Oral Capsule"),
                Subject = new ResourceReference("Patient/pat-1"),
                Encounter = new ResourceReference("Encounter/enc-1"),
                AuthoredOnElement = new FhirDateTime("2024-03-01T11:00:00Z"),
                DosageInstruction = [new Dosage { Text = $"Ask {PatientName}", DoseAndRate = [new Dosage.DoseAndRateComponent { Dose = new Quantity(500, "mg") }] }],
            },
        ],
        Procedures =
        [
            new Procedure
            {
                Id = "proc-1",
                Status = EventStatus.Completed,
                Code = new CodeableConcept("http://snomed.info/sct", "399208008", "Plain chest X-ray"),
                Subject = new ResourceReference("Patient/pat-1"),
                Encounter = new ResourceReference("Encounter/enc-1"),
                Performed = new FhirDateTime("2024-03-01T12:00:00Z"),
            },
        ],
        AllergyIntolerances =
        [
            new AllergyIntolerance
            {
                Id = "all-1",
                ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active"),
                Code = new CodeableConcept("http://snomed.info/sct", "91936005", "Allergy to penicillin"),
                Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.High,
                Patient = new ResourceReference("Patient/pat-1"),
                Note = [new Annotation { Text = $"Reported by {PatientName}" }],
            },
        ],
    };

    public static Condition Condition(string id, string code, string display, string clinicalStatus) => new()
    {
        Id = id,
        Code = new CodeableConcept("http://snomed.info/sct", code, display),
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus),
        Subject = new ResourceReference("Patient/pat-1"),
        Encounter = new ResourceReference("Encounter/enc-1"),
        Onset = new FhirDateTime("2024-03-01"),
    };

    private static Observation Quantity(string id, string code, string display, decimal value, string unit, string category, string when) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", category)],
        Code = new CodeableConcept("http://loinc.org", code, display),
        Value = new Quantity(value, unit),
        Effective = new FhirDateTime(when),
        Encounter = new ResourceReference("Encounter/enc-1"),
    };
}
