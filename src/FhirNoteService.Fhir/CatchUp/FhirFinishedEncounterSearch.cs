using System.Globalization;
using System.Runtime.CompilerServices;
using FhirNoteService.Core.CatchUp;
using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.Fhir.CatchUp;

/// <summary>
/// <c>Encounter?status=finished&amp;_lastUpdated=ge{since}</c>, oldest first, following the server's next links. A server
/// that answers with a page it was not asked for (a missing next link, a repeated page) ends the search there.
/// </summary>
internal sealed class FhirFinishedEncounterSearch(FhirClientFactory clients) : IFinishedEncounterSearch
{
    public const int PageSize = 100;

    private const string What = "Searching finished encounters";

    public async IAsyncEnumerable<FoundEncounter> FinishedSinceAsync(DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, ct) => client.SearchAsync<Encounter>(Query(since, PageSize), ct: ct), PermanentFailureKind.InvalidContext, What, cancellationToken);
        var seenPages = new HashSet<string>(StringComparer.Ordinal);
        while (page is not null)
        {
            foreach (var entry in page.Entry)
            {
                if (entry.Resource is Encounter { Id: { Length: > 0 } id } encounter && (entry.Search?.Mode ?? Bundle.SearchEntryMode.Match) == Bundle.SearchEntryMode.Match)
                {
                    yield return new FoundEncounter($"Encounter/{id}", encounter.Meta?.VersionId, encounter.Meta?.LastUpdated);
                }
            }
            var next = page.NextLink?.OriginalString;
            if (next is null || !seenPages.Add(next))
            {
                yield break;
            }
            var current = page;
            page = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, ct) => client.ContinueAsync(current, ct: ct), PermanentFailureKind.InvalidContext, What, cancellationToken);
        }
    }

    public async Task<int?> CountFinishedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var query = Query(since, 0).Add("_total", "accurate");
        var page = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, ct) => client.SearchAsync<Encounter>(query, ct: ct), PermanentFailureKind.InvalidContext, What, cancellationToken);
        return page?.Total;
    }

    private static SearchParams Query(DateTimeOffset since, int count) => new SearchParams()
        .Where("status=finished")
        .Add("_lastUpdated", "ge" + since.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
        .OrderBy("_lastUpdated")
        .LimitTo(count);
}
