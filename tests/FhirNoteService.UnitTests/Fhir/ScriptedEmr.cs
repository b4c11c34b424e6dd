using System.Net;
using FhirNoteService.Core.Drafts;
using Hl7.Fhir.Model;

namespace FhirNoteService.UnitTests.Fhir;

/// <summary>
/// What an EMR holds after a draft transaction, and a FakeFhirServer answer that reads it as a strict server would:
/// searches filtered by the parameters the service uses, each searchset with a self link naming what was understood.
/// The transaction's own answer is scripted by each test.
/// </summary>
internal sealed class ScriptedEmr
{
    public List<DocumentReference> Documents { get; } = [];

    public List<Provenance> Provenances { get; } = [];

    public List<Device> Devices { get; } = [];

    /// <summary>The answer to each transaction, in turn; the last one repeats.</summary>
    public Queue<Func<Bundle, (HttpStatusCode, Resource?)>> Transactions { get; } = new();

    private Func<Bundle, (HttpStatusCode, Resource?)>? _last;

    /// <summary>Transactions applied by this EMR: every resource written is stored (PUT replaces, POST adds with a new id).</summary>
    public (HttpStatusCode, Resource?) Apply(Bundle transaction)
    {
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        foreach (var entry in transaction.Entry)
        {
            if (entry.Request.Method == Bundle.HTTPVerb.DELETE)
            {
                var id = entry.Request.Url.Split('/')[1];
                Documents.RemoveAll(d => d.Id == id);
                Provenances.RemoveAll(p => p.Id == id);
                response.Entry.Add(new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "204 No Content" } });
                continue;
            }
            var resource = entry.Resource!.DeepCopy();
            resource.Id ??= $"new-{Guid.NewGuid():N}";
            resource.Meta ??= new Meta();
            resource.Meta.VersionId = $"{resource.Meta.VersionId}+";
            Store(resource);
            response.Entry.Add(new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = entry.Request.Method == Bundle.HTTPVerb.PUT ? "200 OK" : "201 Created", Location = $"{resource.TypeName}/{resource.Id}/_history/1" } });
        }
        return (HttpStatusCode.OK, response);
    }

    public (HttpStatusCode, Resource?) Answer(Bundle? body)
    {
        if (body?.Type == Bundle.BundleType.Batch)
        {
            return (HttpStatusCode.OK, Searches(body));
        }
        if (Transactions.Count > 0)
        {
            _last = Transactions.Dequeue();
        }
        return (_last ?? throw new InvalidOperationException("no transaction answer scripted"))(body!);
    }

    public void Store(Resource resource)
    {
        switch (resource)
        {
            case DocumentReference d:
                Documents.RemoveAll(x => x.Id == d.Id);
                Documents.Add(d);
                break;
            case Provenance p:
                Provenances.RemoveAll(x => x.Id == p.Id);
                Provenances.Add(p);
                break;
            case Device v:
                Devices.RemoveAll(x => x.Id == v.Id);
                Devices.Add(v);
                break;
        }
    }

    private Bundle Searches(Bundle batch) => new()
    {
        Type = Bundle.BundleType.BatchResponse,
        Entry = batch.Entry.Select(e => new Bundle.EntryComponent
        {
            Response = new Bundle.ResponseComponent { Status = "200 OK" },
            Resource = Search(e.Request.Url),
        }).ToList(),
    };

    private Bundle Search(string url)
    {
        var (type, query) = (url.Split('?')[0], url.Contains('?', StringComparison.Ordinal) ? url.Split('?', 2)[1] : string.Empty);
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        IEnumerable<Resource> found = type switch
        {
            "DocumentReference" when parameters.TryGetValue("identifier", out var token) => Documents.Where(d => Token(d.MasterIdentifier) == token || d.Identifier.Any(i => Token(i) == token)),
            "DocumentReference" when parameters.TryGetValue("_id", out var ids) => Documents.Where(d => ids.Split(',').Contains(d.Id)),
            "Provenance" when parameters.TryGetValue("_tag", out var tag) => Provenances.Where(p => p.Meta?.Tag.Any(t => $"{t.System}|{t.Code}" == tag) == true),
            "Device" when parameters.TryGetValue("identifier", out var token) => Devices.Where(d => d.Identifier.Any(i => Token(i) == token)),
            _ => throw new InvalidOperationException($"unexpected search {url}"),
        };
        var matches = found.ToList();
        var included = parameters.ContainsKey("_revinclude")
            ? Provenances.Where(p => p.Target.Any(t => matches.Any(m => t.Reference == $"{m.TypeName}/{m.Id}"))).Cast<Resource>().ToList()
            : [];
        return new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = matches.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"http://emr.test/fhir/{url}" }],
            Entry = matches.Select(r => (r, Bundle.SearchEntryMode.Match)).Concat(included.Select(r => (r, Bundle.SearchEntryMode.Include)))
                .Select(x => new Bundle.EntryComponent { Resource = x.r, Search = new Bundle.SearchComponent { Mode = x.Item2 } }).ToList(),
        };
    }

    private static string Token(Identifier? identifier) => identifier is null ? string.Empty : $"{identifier.System}|{identifier.Value}";

    /// <summary>The draft's resources as a server that resolved every reference stores them.</summary>
    public static (Device Device, DocumentReference Document, Provenance Provenance) Stored(NoteDraft draft, string documentId = "doc-9")
    {
        var device = (Device)draft.Device.Resource.DeepCopy();
        device.Id = "dev-1";
        device.Meta.VersionId = "1";
        var document = (DocumentReference)draft.Document.Resource.DeepCopy();
        document.Id = documentId;
        document.Meta.VersionId = "1";
        document.Author = [new ResourceReference("Device/dev-1")];
        var provenance = (Provenance)draft.Provenance.Resource.DeepCopy();
        provenance.Id = $"prov-{documentId}";
        provenance.Meta.VersionId = "1";
        provenance.Meta.Tag.Add(new Coding(draft.Version.System, draft.Version.Value));
        provenance.Target = [new ResourceReference($"DocumentReference/{documentId}")];
        provenance.Agent[0].Who = new ResourceReference("Device/dev-1");
        return (device, document, provenance);
    }

    public void Hold(NoteDraft draft, string documentId = "doc-9")
    {
        var (device, document, provenance) = Stored(draft, documentId);
        Store(device);
        Store(document);
        Store(provenance);
    }
}
