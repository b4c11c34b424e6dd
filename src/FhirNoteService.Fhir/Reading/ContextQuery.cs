using System.Globalization;
using FhirNoteService.Core.Events;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Reading;

/// <summary>
/// The one batch request that reads an encounter's context. Entry 0 reads the encounter with its patient and, via
/// <c>_revinclude:iterate</c>, the patient's allergies, conditions and medication requests; the other entries are
/// bounded searches on the encounter, and the last reads the service's current drafts of the encounter by their
/// series identifiers, with the Provenances that target them.
/// </summary>
internal static class ContextQuery
{
    public const int EncounterEntry = 0;
    public const int ConditionEntry = 1;
    public const int ObservationEntry = 2;
    public const int MedicationRequestEntry = 3;
    public const int ProcedureEntry = 4;
    public const int DiagnosticReportEntry = 5;
    public const int CurrentDraftsEntry = 6;

    /// <summary>The patient's records that entry 0 reads through <c>_revinclude:iterate</c>, by resource type.</summary>
    public static IReadOnlyList<string> PatientRecordTypes { get; } = ["AllergyIntolerance", "Condition", "MedicationRequest"];

    public const string DraftProvenances = "_revinclude=Provenance:target";

    public static Bundle Build(EncounterId encounter, ContextLimits limits, IReadOnlyList<Identifier> draftSeries)
    {
        var reference = encounter.Reference;
        var revincludes = string.Concat(PatientRecordTypes.Select(type => $"&_revinclude:iterate={type}:patient"));
        return BatchAnswer.OfSearches(
        [
            $"Encounter?_id={encounter.Value}&_include=Encounter:patient{revincludes}",
            Search("Condition", reference, limits.Conditions),
            Search("Observation", reference, limits.Observations) + "&_sort=-date",
            Search("MedicationRequest", reference, limits.MedicationRequests),
            Search("Procedure", reference, limits.Procedures),
            Search("DiagnosticReport", reference, limits.DiagnosticReports),
            string.Create(
                CultureInfo.InvariantCulture,
                $"DocumentReference?identifier={string.Join(',', draftSeries.Select(FhirSearch.Token))}&status=current&_count={draftSeries.Count * 4}&{DraftProvenances}"),
        ]);
    }

    /// <summary>
    /// The patient's records read with plain searches, for a server that ignored <c>_revinclude:iterate</c> (or did not
    /// say whether it understood it), and the patient itself when the server ignored <c>_include</c>.
    /// </summary>
    public static Bundle PatientRecords(string patientId, ContextLimits limits, IEnumerable<string> resourceTypes, bool withPatient)
    {
        var patient = $"Patient/{patientId}";
        var searches = resourceTypes.Select(type => PatientSearch(type, patient, limits.PatientRecords)).ToList();
        if (withPatient)
        {
            searches.Add($"Patient?_id={Uri.EscapeDataString(patientId)}");
        }
        return BatchAnswer.OfSearches(searches);
    }

    private static string Search(string resourceType, string encounterReference, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{resourceType}?encounter={encounterReference}&_count={count}");

    private static string PatientSearch(string resourceType, string patientReference, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{resourceType}?patient={patientReference}&_count={count}");
}
