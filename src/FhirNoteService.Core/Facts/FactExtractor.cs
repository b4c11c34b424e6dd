using System.Globalization;
using FhirNoteService.Core.Context;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirNoteService.Core.Facts;

/// <summary>
/// Turns a clinical context into numbered facts. Only coded clinical content, age and administrative sex are used:
/// names, identifiers, addresses, contact details, exact birth dates and free-text fields never become facts. The
/// patient's problems, allergies and current medications are taken as they stood during the encounter.
/// </summary>
public static class FactExtractor
{
    public static FactSheet Extract(ClinicalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facts = new FactListBuilder();
        var encounter = context.Encounter;
        var encounterRef = $"Encounter/{encounter.Id}";
        var start = FhirText.When(encounter.Period?.StartElement);
        var window = new EncounterWindow(encounter);

        AddDemographics(facts, context.Patient, start);
        AddEncounter(facts, encounter, encounterRef, start);
        foreach (var condition in context.EncounterConditions)
        {
            facts.Add(FactKind.Diagnosis, "Diagnosis", condition, FhirText.Display(condition.Code), when: FhirText.When(condition.Onset));
        }
        foreach (var procedure in context.Procedures)
        {
            facts.Add(FactKind.Procedure, "Procedure performed", procedure, FhirText.Display(procedure.Code), when: FhirText.When(procedure.Performed));
        }
        foreach (var request in context.MedicationRequests)
        {
            AddMedication(facts, FactKind.Medication, "Medication prescribed", request);
        }
        var prescribedHere = context.MedicationRequests.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var request in context.PatientMedications.Where(m => !prescribedHere.Contains(m.Id) && window.Held(m)))
        {
            AddMedication(facts, FactKind.CurrentMedication, "Current medication", request);
        }
        AddLatestObservations(facts, context.Observations);
        foreach (var report in context.DiagnosticReports)
        {
            facts.Add(FactKind.Report, "Diagnostic report", report, FhirText.Display(report.Code), when: FhirText.When(report.Effective));
        }
        foreach (var allergy in context.AllergyIntolerances.Where(window.Held))
        {
            var criticality = FhirText.Code(allergy.Criticality);
            facts.Add(FactKind.Allergy, "Allergy", allergy, FhirText.Display(allergy.Code), detail: criticality is null ? null : $"criticality {criticality}");
        }
        // A problem that is also one of the encounter's diagnoses is said once, as the diagnosis.
        var diagnosed = context.EncounterConditions.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var diagnosedConcepts = context.EncounterConditions.Select(c => FhirText.Display(c.Code)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = context.PatientConditions
            .Where(c => !diagnosed.Contains(c.Id) && window.Held(c))
            .Where(c => FhirText.Display(c.Code) is { } name && !diagnosedConcepts.Contains(name))
            .DistinctBy(c => FhirText.Display(c.Code), StringComparer.OrdinalIgnoreCase);
        foreach (var problem in problems)
        {
            facts.Add(FactKind.Problem, "Active problem", problem, FhirText.Display(problem.Code), when: FhirText.When(problem.Onset));
        }
        var disposition = FhirText.Display(encounter.Hospitalization?.DischargeDisposition);
        if (disposition is not null)
        {
            facts.Add(FactKind.Disposition, "Discharge disposition", encounterRef, disposition);
        }
        return new FactSheet(facts.Build(), context.Unread);
    }

    private static void AddMedication(FactListBuilder facts, FactKind kind, string heading, MedicationRequest request)
    {
        var medication = FhirText.Display(request.Medication as CodeableConcept);
        var status = FhirText.Code(request.Status);
        facts.Add(kind, heading, request, medication, MedicationText.Dosage(request), FhirText.When(request.AuthoredOnElement), status is null ? null : $"status {status}");
    }

    private static void AddDemographics(FactListBuilder facts, Patient patient, DateTimeOffset? at)
    {
        var parts = new List<string>();
        if (Age(patient.BirthDate, at) is { } age)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{age}-year-old"));
        }
        if (patient.Gender is { } gender)
        {
            parts.Add(gender.GetLiteral());
        }
        if (parts.Count > 0)
        {
            facts.Add(FactKind.Demographics, "Patient", $"Patient/{patient.Id}", string.Join(' ', parts));
        }
    }

    private static void AddEncounter(FactListBuilder facts, Encounter encounter, string encounterRef, DateTimeOffset? start)
    {
        var type = FhirText.Display(encounter.Type.FirstOrDefault()) ?? encounter.Class?.Display ?? encounter.Class?.Code ?? "Encounter";
        var end = FhirText.When(encounter.Period?.EndElement);
        var span = (start, end) switch
        {
            ({ } s, { } e) when FhirText.Date(s) != FhirText.Date(e) => $"from {FhirText.Date(s)} to {FhirText.Date(e)}",
            ({ } s, _) => $"on {FhirText.Date(s)}",
            _ => null,
        };
        facts.Add(FactKind.Encounter, "Encounter", encounterRef, type, span, start, encounter.Class?.Code is { Length: > 0 } code ? $"class {code}" : null);
        foreach (var reason in encounter.ReasonCode)
        {
            facts.Add(FactKind.EncounterReason, "Reason for encounter", encounterRef, FhirText.Display(reason));
        }
    }

    // Several readings of the same test: the note states the latest one, and the fact points at that resource.
    private static void AddLatestObservations(FactListBuilder facts, IEnumerable<Observation> observations)
    {
        var latest = observations
            .Where(o => o.Status is not (ObservationStatus.EnteredInError or ObservationStatus.Cancelled))
            .GroupBy(o => FhirText.Display(o.Code) ?? string.Empty, StringComparer.Ordinal)
            .Where(g => g.Key.Length > 0)
            .Select(g => g.OrderByDescending(o => FhirText.When(o.Effective) ?? DateTimeOffset.MinValue).First());
        foreach (var observation in latest)
        {
            var isVital = observation.Category.Any(c => c.Coding.Any(code => code.Code == "vital-signs"));
            var value = FhirText.Value(observation.Value) ?? ComponentValues(observation);
            if (value is null)
            {
                continue;
            }
            facts.Add(
                isVital ? FactKind.VitalSign : FactKind.LabResult,
                isVital ? "Vital sign" : "Result",
                observation,
                FhirText.Display(observation.Code),
                value,
                FhirText.When(observation.Effective),
                observation.Interpretation.SelectMany(i => i.Coding).Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)) is { } flag ? $"interpretation {flag}" : null);
        }
    }

    private static string? ComponentValues(Observation observation)
    {
        var parts = observation.Component
            .Select(c => (Label: FhirText.Display(c.Code), Value: FhirText.Value(c.Value)))
            .Where(c => c.Label is not null && c.Value is not null)
            .Select(c => $"{c.Label} {c.Value}")
            .ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static int? Age(string? birthDate, DateTimeOffset? at)
    {
        if (at is null || birthDate is null || !DateTime.TryParse(birthDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var born))
        {
            return null;
        }
        var reference = at.Value.Date;
        var age = reference.Year - born.Year;
        if (born.Date > reference.AddYears(-age))
        {
            age--;
        }
        return age >= 0 ? age : null;
    }
}
