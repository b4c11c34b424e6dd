using System.Globalization;
using System.Net;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir;

/// <summary>Reads an encounter's clinical context with one FHIR batch request.</summary>
public sealed class FhirBatchContextReader(FhirClientFactory clients, DraftIdentifiers draftIdentifiers, IOptions<FhirServerOptions> options) : IClinicalContextReader
{
    public async Task<ClinicalContext> ReadAsync(EncounterId encounter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        var request = ContextQuery.Build(encounter, options.Value.Limits, draftIdentifiers.AllSeries(encounter));
        var response = await FhirCall.SendAsync(
            clients,
            ReturnPreference.Representation,
            (client, cancel) => client.TransactionAsync(request, cancel),
            PermanentFailureKind.InvalidContext,
            $"context read of {encounter.Reference}",
            cancellationToken);
        if (response is null || response.Entry.Count != request.Entry.Count)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidContext,
                $"context read of {encounter.Reference}: the batch answer has {response?.Entry.Count ?? 0} entries, expected {request.Entry.Count}");
        }
        return ToContext(encounter, response);
    }

    private static ClinicalContext ToContext(EncounterId encounter, Bundle response)
    {
        var leftUnread = new Dictionary<string, int>(StringComparer.Ordinal);
        var head = SearchResult(encounter, response, ContextQuery.EncounterEntry, leftUnread);
        var encounterResource = head.OfType<Encounter>().FirstOrDefault(e => e.Id == encounter.Value)
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.EncounterNotFound, $"{encounter.Reference} does not exist on the FHIR server");
        var patientReference = encounterResource.Subject?.Reference;
        if (string.IsNullOrEmpty(patientReference) || !patientReference.StartsWith("Patient/", StringComparison.Ordinal))
        {
            throw new PermanentNoteFailureException(PermanentFailureKind.EncounterWithoutPatient, $"{encounter.Reference} has no subject Patient");
        }
        var patientId = patientReference["Patient/".Length..];
        var patient = head.OfType<Patient>().FirstOrDefault(p => p.Id == patientId)
            ?? throw new PermanentNoteFailureException(PermanentFailureKind.EncounterWithoutPatient, $"the patient of {encounter.Reference} could not be read (missing, or the server ignored _include)");

        return new ClinicalContext
        {
            Encounter = encounterResource,
            Patient = patient,
            PatientConditions = head.OfType<Condition>().ToList(),
            AllergyIntolerances = head.OfType<AllergyIntolerance>().ToList(),
            EncounterConditions = SearchResult(encounter, response, ContextQuery.ConditionEntry, leftUnread).OfType<Condition>().ToList(),
            Observations = SearchResult(encounter, response, ContextQuery.ObservationEntry, leftUnread).OfType<Observation>().ToList(),
            MedicationRequests = SearchResult(encounter, response, ContextQuery.MedicationRequestEntry, leftUnread).OfType<MedicationRequest>().ToList(),
            Procedures = SearchResult(encounter, response, ContextQuery.ProcedureEntry, leftUnread).OfType<Procedure>().ToList(),
            DiagnosticReports = SearchResult(encounter, response, ContextQuery.DiagnosticReportEntry, leftUnread).OfType<DiagnosticReport>().ToList(),
            CurrentDrafts = SearchResult(encounter, response, ContextQuery.CurrentDraftsEntry, leftUnread).OfType<DocumentReference>().ToList(),
            LeftUnread = leftUnread,
        };
    }

    private static List<Resource> SearchResult(EncounterId encounter, Bundle response, int index, Dictionary<string, int> leftUnread)
    {
        var entry = response.Entry[index];
        var status = StatusOf(entry);
        if (status is { } code && TransientFailure.IsTransient(code))
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.FhirServer, $"part {index} of the context read of {encounter.Reference} answered HTTP {(int)code}");
        }
        if (status is { } failed && (int)failed >= 300)
        {
            var outcome = entry.Response?.Outcome as OperationOutcome ?? entry.Resource as OperationOutcome;
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidContext,
                $"context read of {encounter.Reference}: part {index} answered {(int)failed} ({FhirFailures.Describe(outcome)})");
        }
        if (entry.Resource is not Bundle searchset)
        {
            throw new PermanentNoteFailureException(PermanentFailureKind.InvalidContext, $"context read of {encounter.Reference}: part {index} is not a search result");
        }
        var resources = searchset.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
        var matches = searchset.Entry.Count(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match);
        if (searchset.Total is { } total && total > matches && index != ContextQuery.EncounterEntry)
        {
            leftUnread[resources.FirstOrDefault()?.TypeName ?? index.ToString(CultureInfo.InvariantCulture)] = total - matches;
        }
        return resources;
    }

    private static HttpStatusCode? StatusOf(Bundle.EntryComponent entry)
    {
        var text = entry.Response?.Status;
        return text is { Length: >= 3 } && int.TryParse(text.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? (HttpStatusCode)code
            : null;
    }
}
