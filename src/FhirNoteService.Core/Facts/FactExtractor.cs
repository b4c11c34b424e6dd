using System.Globalization;
using FhirNoteService.Core.Context;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirNoteService.Core.Facts;

/// <summary>
/// Turns a clinical context into numbered facts. Only coded clinical content, age and administrative sex are used:
/// names, identifiers, addresses, contact details, exact birth dates and free-text fields never become facts.
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
            var medication = FhirText.Display(request.Medication as CodeableConcept);
            var dose = FhirText.Quantity(request.DosageInstruction.SelectMany(d => d.DoseAndRate).Select(r => r.Dose).OfType<Quantity>().FirstOrDefault());
            var status = FhirText.Code(request.Status);
            facts.Add(FactKind.Medication, "Medication prescribed", request, medication, dose, FhirText.When(request.AuthoredOnElement), status is null ? null : $"status {status}");
        }
        AddLatestObservations(facts, context.Observations);
        foreach (var report in context.DiagnosticReports)
        {
            facts.Add(FactKind.Report, "Diagnostic report", report, FhirText.Display(report.Code), when: FhirText.When(report.Effective));
        }
        foreach (var allergy in context.AllergyIntolerances.Where(IsActiveAllergy))
        {
            var criticality = FhirText.Code(allergy.Criticality);
            facts.Add(FactKind.Allergy, "Allergy", allergy, FhirText.Display(allergy.Code), detail: criticality is null ? null : $"criticality {criticality}");
        }
        var encounterConditionIds = context.EncounterConditions.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in context.PatientConditions.Where(c => !encounterConditionIds.Contains(c.Id) && IsActive(c.ClinicalStatus)))
        {
            facts.Add(FactKind.Problem, "Active problem", problem, FhirText.Display(problem.Code), when: FhirText.When(problem.Onset));
        }
        var disposition = FhirText.Display(encounter.Hospitalization?.DischargeDisposition);
        if (disposition is not null)
        {
            facts.Add(FactKind.Disposition, "Discharge disposition", encounterRef, disposition);
        }
        return new FactSheet(facts.Build());
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
        facts.Add(FactKind.Encounter, "Encounter", encounterRef, type, span, start);
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
                FhirText.When(observation.Effective));
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

    private static bool IsActive(CodeableConcept? clinicalStatus) =>
        clinicalStatus?.Coding.Any(c => c.Code is "active" or "recurrence" or "relapse") ?? false;

    private static bool IsActiveAllergy(AllergyIntolerance allergy) =>
        allergy.ClinicalStatus is null || IsActive(allergy.ClinicalStatus);
}
