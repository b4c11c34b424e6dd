using System.Globalization;
using FhirNoteService.Core.Events;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>
/// The one batch request that reads an encounter's context. Entry 0 reads the encounter with its patient and, via
/// <c>_revinclude:iterate</c>, the patient's allergies and conditions; the other entries are bounded searches
/// on the encounter, and the last reads the service's current drafts of the encounter by their series identifiers.
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

    public static Bundle Build(EncounterId encounter, ContextLimits limits, IReadOnlyList<Identifier> draftSeries)
    {
        var reference = encounter.Reference;
        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        Add(bundle, $"Encounter?_id={encounter.Value}&_include=Encounter:patient&_revinclude:iterate=AllergyIntolerance:patient&_revinclude:iterate=Condition:patient");
        Add(bundle, Search("Condition", reference, limits.Conditions));
        Add(bundle, Search("Observation", reference, limits.Observations) + "&_sort=-date");
        Add(bundle, Search("MedicationRequest", reference, limits.MedicationRequests));
        Add(bundle, Search("Procedure", reference, limits.Procedures));
        Add(bundle, Search("DiagnosticReport", reference, limits.DiagnosticReports));
        Add(bundle, string.Create(
            CultureInfo.InvariantCulture,
            $"DocumentReference?identifier={string.Join(',', draftSeries.Select(FhirSearch.Token))}&status=current&_count={draftSeries.Count * 4}"));
        return bundle;
    }

    private static string Search(string resourceType, string encounterReference, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{resourceType}?encounter={encounterReference}&_count={count}");

    private static void Add(Bundle bundle, string url) =>
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = url },
        });
}
