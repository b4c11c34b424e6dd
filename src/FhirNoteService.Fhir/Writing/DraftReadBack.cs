using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir.Reading;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Writing;

/// <summary>
/// What the EMR holds of a draft after its transaction, read back in one batch: the DocumentReferences of its version
/// (with the Provenances that target them), the Provenances tagged with its version (found even when their target was
/// left unresolved), the author Device, and the other drafts the transaction touched (superseded, or matched).
/// </summary>
internal sealed class DraftReadBack
{
    private const int VersionEntry = 0;
    private const int ProvenanceEntry = 1;
    private const int DeviceEntry = 2;
    private const int OthersEntry = 3;

    private DraftReadBack(IReadOnlyList<DocumentReference> drafts, IReadOnlyList<Provenance> provenances, IReadOnlyList<Device> devices, IReadOnlyList<DocumentReference> others)
    {
        Drafts = drafts;
        Provenances = provenances;
        Devices = devices;
        Others = others;
    }

    /// <summary>The DocumentReferences carrying the draft's version identifier.</summary>
    public IReadOnlyList<DocumentReference> Drafts { get; }

    /// <summary>The Provenances carrying the draft's version tag.</summary>
    public IReadOnlyList<Provenance> Provenances { get; }

    /// <summary>The generator's Devices, first by id: one, unless two transactions without isolation each created it.</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>The other DocumentReferences asked for by id.</summary>
    public IReadOnlyList<DocumentReference> Others { get; }

    public static Bundle Request(NoteDraft draft, IReadOnlyCollection<string> otherDocumentIds)
    {
        var version = FhirSearch.Token(draft.Version);
        var urls = new List<string>
        {
            $"DocumentReference?identifier={version}&{ContextQuery.DraftProvenances}",
            $"Provenance?_tag={version}",
            $"Device?identifier={FhirSearch.Token(draft.Device.Resource.Identifier[0])}",
        };
        if (otherDocumentIds.Count > 0)
        {
            urls.Add($"DocumentReference?_id={string.Join(',', otherDocumentIds.Select(Uri.EscapeDataString))}");
        }
        return BatchAnswer.OfSearches(urls);
    }

    // Every list is filtered again here: a lax server may ignore a parameter and answer with everything.
    public static DraftReadBack Read(NoteDraft draft, Bundle response, IReadOnlyCollection<string> otherDocumentIds, string what)
    {
        var versionSearch = Resources(response, VersionEntry, what);
        var provenances = versionSearch.OfType<Provenance>()
            .Concat(Resources(response, ProvenanceEntry, what).OfType<Provenance>())
            .Where(p => IsTagged(p, draft.Version))
            .DistinctBy(p => p.Id)
            .ToList();
        var deviceIdentifier = draft.Device.Resource.Identifier[0];
        var devices = Resources(response, DeviceEntry, what).OfType<Device>()
            .Where(d => d.Identifier.Any(i => i.System == deviceIdentifier.System && i.Value == deviceIdentifier.Value))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        var others = otherDocumentIds.Count == 0
            ? []
            : Resources(response, OthersEntry, what).OfType<DocumentReference>().Where(d => otherDocumentIds.Contains(d.Id)).ToList();
        return new DraftReadBack(
            versionSearch.OfType<DocumentReference>().Where(d => DraftIdentifiers.IsVersion(d, draft.Version)).ToList(),
            provenances,
            devices,
            others);
    }

    public static bool IsTagged(Provenance provenance, Identifier version) =>
        provenance.Meta?.Tag.Any(t => t.System == version.System && t.Code == version.Value) == true;

    private static List<Resource> Resources(Bundle response, int index, string what) =>
        BatchAnswer.Searchset(response, index, PermanentFailureKind.DraftRejected, what).Entry.Select(e => e.Resource).OfType<Resource>().ToList();
}
