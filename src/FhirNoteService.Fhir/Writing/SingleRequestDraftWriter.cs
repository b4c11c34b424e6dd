using System.Collections.Concurrent;
using System.Net;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir.Audit;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace FhirNoteService.Fhir.Writing;

/// <summary>
/// The <c>single-requests</c> write profile, for EMRs without batch, transaction or conditional create (reported for
/// Epic): a draft is written in the order the AI Transparency IG recommends for such servers, Device, then
/// DocumentReference, then Provenance, each found by its identifier (or, for the Provenance, by its target and version
/// tag) before it is created, so that a redelivery creates nothing twice and a delivery that died between two
/// requests is completed by the next one. A create's answer may be empty: the id comes from its Location, relative or
/// absolute. The drafts it supersedes are updated one by one, each with If-Match on the version read.
/// </summary>
public sealed partial class SingleRequestDraftWriter(FhirClientFactory clients, IAuditTrail audit, ILogger<SingleRequestDraftWriter> logger) : IDraftWriter
{
    // The author Device of each generator, found or created once per process: without conditional create, notes drafted
    // at once would each find none and each create one. (Two processes can still both create one; either serves.)
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _devices = new(StringComparer.Ordinal);

    /// <summary>
    /// The requests that write <paramref name="draft"/>, in order, as a Bundle for a dry run to show (each is sent on its
    /// own; a create is skipped when its search finds the resource, and references are resolved as they are created).
    /// </summary>
    public static Bundle RequestsFor(NoteDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var requests = new Bundle { Type = Bundle.BundleType.Batch };
        void Add(Bundle.HTTPVerb method, string url, Resource? resource = null) =>
            requests.Entry.Add(new Bundle.EntryComponent { Resource = resource, Request = new Bundle.RequestComponent { Method = method, Url = url } });
        Add(Bundle.HTTPVerb.GET, $"Device?identifier={FhirSearch.Token(draft.Device.Resource.Identifier[0])}");
        Add(Bundle.HTTPVerb.POST, "Device", draft.Device.Resource);
        Add(Bundle.HTTPVerb.GET, $"DocumentReference?identifier={FhirSearch.Token(draft.Version)}");
        Add(Bundle.HTTPVerb.POST, "DocumentReference", draft.Document.Resource);
        Add(Bundle.HTTPVerb.GET, "Provenance?target=DocumentReference/{id}");
        Add(Bundle.HTTPVerb.POST, "Provenance", DraftTransaction.Tagged(draft.Provenance.Resource, draft.Version));
        foreach (var superseded in draft.Superseded)
        {
            Add(Bundle.HTTPVerb.PUT, $"DocumentReference/{superseded.Id}", superseded);
        }
        return requests;
    }

    public async Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var what = $"draft {draft.Version.Value}";
        var device = await DeviceAsync(draft.Device.Resource, what, cancellationToken);
        var references = new Dictionary<string, string>(StringComparer.Ordinal) { [draft.Device.FullUrl] = $"Device/{device}" };

        var document = await FindAsync<DocumentReference>($"DocumentReference?identifier={FhirSearch.Token(draft.Version)}", what, cancellationToken);
        var created = document is null;
        if (document is null)
        {
            if (draft.Decision.SeriesIsEmpty
                && await FindAsync<DocumentReference>($"DocumentReference?identifier={FhirSearch.Token(draft.Decision.Series)}&status=current", what, cancellationToken) is not null)
            {
                throw new DraftConflictException($"{what}: another draft of the series was written since it was read");
            }
            document = await CreateAsync(Resolved(draft.Document.Resource, references), what, cancellationToken);
        }
        references[draft.Document.FullUrl] = $"DocumentReference/{document}";

        var provenances = await SearchAsync<Provenance>($"Provenance?target=DocumentReference/{document}", what, cancellationToken);
        if (!provenances.Any(p => DraftReadBack.IsTagged(p, draft.Version)))
        {
            await CreateAsync(Resolved(DraftTransaction.Tagged(draft.Provenance.Resource, draft.Version), references), what, cancellationToken);
        }
        await UpdateEachAsync(draft.Superseded, what, "a draft it supersedes changed since it was read", cancellationToken);
        LogWritten(logger, what, document, created);
        var written = new DraftWriteResult($"DocumentReference/{document}", created);
        audit.DraftWritten(draft, written);
        return written;
    }

    private async Task<string> DeviceAsync(Device device, string what, CancellationToken cancellationToken)
    {
        var search = $"Device?identifier={FhirSearch.Token(device.Identifier[0])}";
        var lookup = _devices.GetOrAdd(search, _ => new Lazy<Task<string>>(async () =>
            await FindAsync<Device>(search, what, cancellationToken) ?? await CreateAsync(device, what, cancellationToken)));
        try
        {
            return await lookup.Value;
        }
        catch
        {
            // A failed lookup is not remembered: the next note tries again.
            _devices.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(search, lookup));
            throw;
        }
    }

    public Task RetireAsync(IReadOnlyList<DocumentReference> strays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(strays);
        return UpdateEachAsync(strays.Select(DraftState.AsSuperseded).ToList(), $"superseding {strays.Count} stray draft(s) of a series", "a stray changed since it was read", cancellationToken);
    }

    private async Task UpdateEachAsync(IReadOnlyList<DocumentReference> drafts, string what, string conflict, CancellationToken cancellationToken)
    {
        foreach (var superseded in drafts)
        {
            await FhirCall.SendAsync(
                clients,
                ReturnPreference.Minimal,
                (client, cancel) => client.UpdateAsync(superseded, versionAware: superseded.Meta?.VersionId is not null, cancel),
                PermanentFailureKind.DraftRejected,
                what,
                cancellationToken,
                conflict);
        }
    }

    private async Task<string?> FindAsync<T>(string search, string what, CancellationToken cancellationToken)
        where T : Resource =>
        (await SearchAsync<T>(search, what, cancellationToken)).Select(r => r.Id).FirstOrDefault(id => !string.IsNullOrEmpty(id));

    private async Task<List<T>> SearchAsync<T>(string search, string what, CancellationToken cancellationToken)
        where T : Resource
    {
        var found = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, cancel) => client.GetAsync(search, cancel), PermanentFailureKind.DraftRejected, what, cancellationToken);
        return found is Bundle { Type: Bundle.BundleType.Searchset } searchset
            ? searchset.Entry.Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match).Select(e => e.Resource).OfType<T>().ToList()
            : throw new PermanentNoteFailureException(PermanentFailureKind.DraftRejected, $"{what}: a search answered something other than a searchset");
    }

    // Creates the resource and returns its id: from the answer's body when there is one, else from its Location.
    private async Task<string> CreateAsync(Resource resource, string what, CancellationToken cancellationToken)
    {
        string? location = null;
        var answer = await FhirCall.SendAsync(
            clients,
            ReturnPreference.Minimal,
            async (client, cancel) =>
            {
                var result = await client.CreateAsync(resource, cancel);
                location = client.LastResult?.Location;
                return result;
            },
            PermanentFailureKind.DraftRejected,
            what,
            cancellationToken);
        return answer?.Id is { Length: > 0 } id ? id
            : FhirReferences.IdFromLocation(location, resource.TypeName)
              ?? throw new PermanentNoteFailureException(PermanentFailureKind.DraftRejected, $"{what}: the server created a {resource.TypeName} without saying where (no body, no Location)");
    }

    // The draft's resources refer to each other by urn:uuid, which only a transaction resolves: here each gets the id
    // the server gave the one it names.
    private static T Resolved<T>(T resource, Dictionary<string, string> references)
        where T : Resource
    {
        var copy = (T)resource.DeepCopy();
        foreach (var reference in Descendants(copy).OfType<ResourceReference>())
        {
            if (reference.Reference is { } urn && references.TryGetValue(urn, out var literal))
            {
                reference.Reference = literal;
            }
        }
        return copy;
    }

    private static IEnumerable<Base> Descendants(Base element)
    {
        foreach (var (_, value) in element.EnumerateElements())
        {
            IEnumerable<Base> children = value switch
            {
                Base single => [single],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
                foreach (var descendant in Descendants(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{What} held by the FHIR server as DocumentReference/{Id} (created by this delivery: {Created})")]
    private static partial void LogWritten(ILogger logger, string what, string id, bool created);
}
