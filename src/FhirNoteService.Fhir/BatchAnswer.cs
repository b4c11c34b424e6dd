using System.Globalization;
using System.Net;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Http;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.Fhir;

/// <summary>Reads the entries of a batch or transaction answer, classifying a failed entry like a failed request.</summary>
internal static class BatchAnswer
{
    /// <summary>The HTTP status of an entry's response (its first three digits), or null when it states none.</summary>
    public static HttpStatusCode? StatusOf(Bundle.EntryComponent? entry)
    {
        var text = entry?.Response?.Status;
        return text is { Length: >= 3 } && int.TryParse(text.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? (HttpStatusCode)code
            : null;
    }

    /// <summary>
    /// The searchset answering GET entry <paramref name="index"/>: a transient status means the server is unavailable,
    /// any other failure is permanent, of <paramref name="kind"/>.
    /// </summary>
    public static Bundle Searchset(Bundle response, int index, PermanentFailureKind kind, string what)
    {
        var entry = response.Entry[index];
        var status = StatusOf(entry);
        if (status is { } code && TransportFailure.IsTransient(code))
        {
            throw new DependencyUnavailableException(Dependency.FhirServer, $"part {index} of the {what} answered HTTP {(int)code}");
        }
        if (status is { } failed && (int)failed >= 300)
        {
            var outcome = entry.Response?.Outcome as OperationOutcome ?? entry.Resource as OperationOutcome;
            throw new PermanentNoteFailureException(kind, $"{what}: part {index} answered {(int)failed} ({FhirFailures.Describe(outcome)})");
        }
        return entry.Resource as Bundle is { Type: Bundle.BundleType.Searchset } searchset
            ? searchset
            : throw new PermanentNoteFailureException(kind, $"{what}: part {index} is not a search result");
    }

    /// <summary>How many matches the searchset's total says the server did not return (0 when it gives no total).</summary>
    public static int Unreturned(Bundle searchset)
    {
        var matches = searchset.Entry.Count(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match);
        return searchset.Total is { } total && total > matches ? total - matches : 0;
    }

    /// <summary>A batch of GET entries, one per URL.</summary>
    public static Bundle OfSearches(IEnumerable<string> urls)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Batch };
        foreach (var url in urls)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = url } });
        }
        return bundle;
    }

    /// <summary>Sends a batch of reads and returns its answer, whole: one entry per request entry.</summary>
    public static async Task<Bundle> ReadAsync(FhirClientFactory clients, Bundle request, PermanentFailureKind kind, string what, CancellationToken cancellationToken)
    {
        if (clients.SingleRequests)
        {
            return await SearchOneByOneAsync(clients, request, kind, what, cancellationToken);
        }
        var response = await FhirCall.SendAsync(
            clients,
            ReturnPreference.Representation,
            (client, cancel) => client.TransactionAsync(request, cancel),
            kind,
            what,
            cancellationToken);
        return Complete(response, request, kind, what);
    }

    // A server without batch: each search is sent on its own (at once), and the answers are put together as the batch's
    // would be, a failed search as a failed entry, so that the reader sees one answer whatever the server.
    private static async Task<Bundle> SearchOneByOneAsync(FhirClientFactory clients, Bundle request, PermanentFailureKind kind, string what, CancellationToken cancellationToken)
    {
        var answers = await System.Threading.Tasks.Task.WhenAll(request.Entry.Select(async entry =>
        {
            try
            {
                var found = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, cancel) => client.GetAsync(entry.Request!.Url!, cancel), kind, what, cancellationToken);
                return new Bundle.EntryComponent { Resource = found, Response = new Bundle.ResponseComponent { Status = "200" } };
            }
            catch (PermanentNoteFailureException refused) when (refused.InnerException is FhirOperationException error)
            {
                return new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = ((int)error.Status).ToString(CultureInfo.InvariantCulture), Outcome = error.Outcome } };
            }
        }));
        var response = new Bundle { Type = Bundle.BundleType.BatchResponse };
        response.Entry.AddRange(answers);
        return response;
    }

    /// <summary>The answer has one entry per request entry; anything else cannot be matched up.</summary>
    public static Bundle Complete(Bundle? response, Bundle request, PermanentFailureKind kind, string what) =>
        response is not null && response.Entry.Count == request.Entry.Count
            ? response
            : throw new PermanentNoteFailureException(kind, $"{what}: the batch answer has {response?.Entry.Count ?? 0} entries, expected {request.Entry.Count}");
}
