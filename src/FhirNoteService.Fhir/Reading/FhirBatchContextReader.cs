using System.Globalization;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Notes;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir.Audit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace FhirNoteService.Fhir.Reading;

/// <summary>
/// Reads an encounter's clinical context with one FHIR batch request, and checks from each searchset's self link what
/// the server really understood: the patient's records that it did not return through <c>_revinclude:iterate</c> are
/// read with plain searches in a second batch, and what still cannot be read is named in the context, never dropped.
/// </summary>
public sealed partial class FhirBatchContextReader(
    FhirClientFactory clients,
    DraftIdentifiers draftIdentifiers,
    NoteRuleBook rules,
    IOptions<FhirServerOptions> options,
    NoteTelemetry telemetry,
    IAuditTrail audit,
    ILogger<FhirBatchContextReader> logger) : IClinicalContextReader
{
    private static readonly Dictionary<string, RecordPart> PartByType = new(StringComparer.Ordinal)
    {
        ["AllergyIntolerance"] = RecordPart.Allergies,
        ["Condition"] = RecordPart.Problems,
        ["MedicationRequest"] = RecordPart.Medications,
    };

    public async Task<ClinicalContext> ReadAsync(EncounterId encounter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        var limits = options.Value.Limits;
        var what = $"context read of {encounter.Reference}";
        var request = ContextQuery.Build(encounter, limits, draftIdentifiers.AllSeries(encounter, rules.NoteTypesInUse));
        var response = await SendAsync(request, what, cancellationToken);
        var leftUnread = new Dictionary<string, int>(StringComparer.Ordinal);

        var head = BatchAnswer.Searchset(response, ContextQuery.EncounterEntry, PermanentFailureKind.InvalidContext, what);
        var headResources = Resources(head);
        var encounterResource = headResources.OfType<Encounter>().FirstOrDefault(e => e.Id == encounter.Value)
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.EncounterNotFound, $"{encounter.Reference} does not exist on the FHIR server");
        var patientReference = encounterResource.Subject?.Reference;
        if (string.IsNullOrEmpty(patientReference) || !patientReference.StartsWith("Patient/", StringComparison.Ordinal))
        {
            throw new PermanentNoteFailureException(PermanentFailureKind.EncounterWithoutPatient, $"{encounter.Reference} has no subject Patient");
        }
        var patientId = patientReference["Patient/".Length..];
        var records = new PatientRecords(patientReference, headResources.OfType<Patient>().FirstOrDefault(p => p.Id == patientId), headResources);

        var ignored = SearchSelfLink.Ignored(head, UrlOf(request, ContextQuery.EncounterEntry));
        var notReturned = ContextQuery.PatientRecordTypes.Where(type => ignored is null || ignored.Contains($"_revinclude:iterate={type}:patient")).ToList();
        if (notReturned.Count > 0 || records.Patient is null)
        {
            await ReadPatientRecordsAsync(encounter, records, notReturned, cancellationToken);
        }
        var patient = records.Patient
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.EncounterWithoutPatient, $"the patient of {encounter.Reference} could not be read");
        foreach (var part in records.Unread)
        {
            telemetry.UnreadRecordParts.Add(1, new KeyValuePair<string, object?>("part", part.ToString()));
            LogUnread(logger, encounter.Reference, part);
        }

        audit.PatientQueried(patientReference, request.Entry.Select(e => e.Request?.Url ?? string.Empty).ToList());
        var drafts = BatchAnswer.Searchset(response, ContextQuery.CurrentDraftsEntry, PermanentFailureKind.InvalidContext, what);
        var draftsRead = Resources(drafts);
        return new ClinicalContext
        {
            Encounter = encounterResource,
            Patient = patient,
            PatientConditions = records.OfType<Condition>(c => c.Subject),
            AllergyIntolerances = records.OfType<AllergyIntolerance>(a => a.Patient),
            PatientMedications = records.OfType<MedicationRequest>(m => m.Subject),
            EncounterConditions = EncounterSearch<Condition>(response, ContextQuery.ConditionEntry, encounter, c => c.Encounter, leftUnread, what),
            Observations = EncounterSearch<Observation>(response, ContextQuery.ObservationEntry, encounter, o => o.Encounter, leftUnread, what),
            MedicationRequests = EncounterSearch<MedicationRequest>(response, ContextQuery.MedicationRequestEntry, encounter, m => m.Encounter, leftUnread, what),
            Procedures = EncounterSearch<Procedure>(response, ContextQuery.ProcedureEntry, encounter, p => p.Encounter, leftUnread, what),
            DiagnosticReports = EncounterSearch<DiagnosticReport>(response, ContextQuery.DiagnosticReportEntry, encounter, r => r.Encounter, leftUnread, what),
            CurrentDrafts = draftsRead.OfType<DocumentReference>().ToList(),
            DraftsWithProvenance = SearchSelfLink.Ignored(drafts, UrlOf(request, ContextQuery.CurrentDraftsEntry)) is { } draftsIgnored && !draftsIgnored.Contains(ContextQuery.DraftProvenances)
                ? draftsRead.OfType<Provenance>().SelectMany(p => p.Target).Select(t => t.Reference).Where(r => r?.StartsWith("DocumentReference/", StringComparison.Ordinal) == true).Select(r => r!["DocumentReference/".Length..]).ToHashSet(StringComparer.Ordinal)
                : null,
            LeftUnread = leftUnread,
            Unread = records.Unread,
        };
    }

    // The second request, only for a server that did not return (or did not say it returned) the patient's records.
    private async Task ReadPatientRecordsAsync(EncounterId encounter, PatientRecords records, List<string> types, CancellationToken cancellationToken)
    {
        var what = $"patient record read for {encounter.Reference}";
        var limits = options.Value.Limits;
        var request = ContextQuery.PatientRecords(records.PatientId, limits, types, withPatient: records.Patient is null);
        var missing = (types.Count > 0 ? $"the patient's records of {string.Join(", ", types)}" : string.Empty)
            + (types.Count > 0 && records.Patient is null ? " and " : string.Empty)
            + (records.Patient is null ? "the Patient" : string.Empty);
        LogPatientRecordSearches(logger, encounter.Reference, missing);
        var response = await SendAsync(request, what, cancellationToken);
        for (var i = 0; i < types.Count; i++)
        {
            var searchset = BatchAnswer.Searchset(response, i, PermanentFailureKind.InvalidContext, what);
            var ignored = SearchSelfLink.Ignored(searchset, UrlOf(request, i));
            // A server that ignored patient= answered with everyone's records, and one that cut the list short left
            // some out: neither can be the patient's list.
            if (ignored?.Contains("patient") == true || BatchAnswer.Unreturned(searchset) > 0)
            {
                records.NotRead(PartByType[types[i]], types[i]);
            }
            else
            {
                records.Replace(types[i], Resources(searchset));
            }
        }
        if (records.Patient is null)
        {
            records.Patient = Resources(BatchAnswer.Searchset(response, types.Count, PermanentFailureKind.InvalidContext, what))
                .OfType<Patient>()
                .FirstOrDefault(p => p.Id == records.PatientId);
        }
    }

    private Task<Bundle> SendAsync(Bundle request, string what, CancellationToken cancellationToken) =>
        BatchAnswer.ReadAsync(clients, request, PermanentFailureKind.InvalidContext, what, cancellationToken);

    // A server that ignored encounter= would answer with other encounters' resources: only this encounter's are kept.
    private static List<T> EncounterSearch<T>(
        Bundle response,
        int index,
        EncounterId encounter,
        Func<T, ResourceReference?> encounterOf,
        Dictionary<string, int> leftUnread,
        string what)
        where T : Resource
    {
        var searchset = BatchAnswer.Searchset(response, index, PermanentFailureKind.InvalidContext, what);
        if (BatchAnswer.Unreturned(searchset) is var unreturned and > 0)
        {
            leftUnread[typeof(T).Name] = unreturned;
        }
        return Resources(searchset).OfType<T>().Where(r => FhirReferences.Refers(encounterOf(r), encounter.Reference)).ToList();
    }

    private static string UrlOf(Bundle request, int index) => request.Entry[index].Request!.Url!;

    private static List<Resource> Resources(Bundle searchset) => searchset.Entry.Select(e => e.Resource).OfType<Resource>().ToList();

    [LoggerMessage(Level = LogLevel.Information, Message = "The FHIR server did not return {Missing} with {Encounter} (it ignored _include or _revinclude:iterate, or did not say); reading them with plain searches")]
    private static partial void LogPatientRecordSearches(ILogger logger, string encounter, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The FHIR server could not be made to return the patient's {Part} for {Encounter}; the note says so")]
    private static partial void LogUnread(ILogger logger, string encounter, RecordPart part);
}
