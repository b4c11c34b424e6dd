using FhirNoteService.Core.Drafts;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Writing;

/// <summary>
/// The one transaction that writes a draft: Device, DocumentReference and Provenance, each created only if it does
/// not exist yet, and the drafts it supersedes updated to <c>superseded</c> only if each is still the version that
/// was read (If-Match): a clinician's concurrent edit fails the whole transaction (on a server with transactions).
/// </summary>
internal static class DraftTransaction
{
    public const int DeviceEntry = 0;
    public const int DocumentEntry = 1;
    public const int ProvenanceEntry = 2;

    /// <summary>Provenance has no identifier element: it carries the draft's version as a tag, and is created conditionally on that.</summary>
    public static Bundle Build(NoteDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var deviceIdentifier = draft.Device.Resource.Identifier[0];
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        Create(bundle, draft.Device.FullUrl, draft.Device.Resource, $"identifier={FhirSearch.Token(deviceIdentifier)}");
        Create(bundle, draft.Document.FullUrl, draft.Document.Resource, DocumentCondition(draft));
        Create(bundle, draft.Provenance.FullUrl, Tagged(draft.Provenance.Resource, draft.Version), $"_tag={FhirSearch.Token(draft.Version)}");
        foreach (var superseded in draft.Superseded)
        {
            Update(bundle, superseded);
        }
        return bundle;
    }

    /// <summary>
    /// A transaction of updates (each with If-Match on the version it was read at), of new Provenances, and of
    /// deletions of the service's own duplicate resources (If-Match too).
    /// </summary>
    public static Bundle Updates(IEnumerable<Resource> resources, IEnumerable<Resource>? deletions = null)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        foreach (var resource in resources)
        {
            var target = resource is Provenance { Id: null } provenance ? provenance.Target.FirstOrDefault()?.Reference : null;
            Update(bundle, resource, target is null ? null : $"target={target}");
        }
        foreach (var duplicate in deletions ?? [])
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Request = new Bundle.RequestComponent
                {
                    Method = Bundle.HTTPVerb.DELETE,
                    Url = $"{duplicate.TypeName}/{duplicate.Id}",
                    IfMatch = $"W/\"{duplicate.Meta!.VersionId}\"",
                },
            });
        }
        return bundle;
    }

    /// <summary>A copy of the draft's Provenance carrying the version as a tag, which finds it again.</summary>
    public static Provenance Tagged(Provenance provenance, Identifier version)
    {
        var tagged = (Provenance)provenance.DeepCopy();
        tagged.Meta ??= new Meta();
        tagged.Meta.Tag.Add(new Coding(version.System, version.Value));
        return tagged;
    }

    /// <summary>
    /// Adds an update of an existing resource (If-Match), or a create of a resource without an id, conditional on the
    /// standard search <paramref name="createUnless"/> (e.g. a Provenance's <c>target</c>), so that two workers
    /// repairing the same draft create one.
    /// </summary>
    public static void Update(Bundle bundle, Resource resource, string? createUnless = null) =>
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            Resource = resource,
            Request = resource.Id is null
                ? new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = createUnless }
                : new Bundle.RequestComponent
                {
                    Method = Bundle.HTTPVerb.PUT,
                    Url = $"{resource.TypeName}/{resource.Id}",
                    IfMatch = $"W/\"{resource.Meta!.VersionId}\"",
                },
        });

    // The first draft of a series is created only while the series still has no current draft, so that two
    // deliveries reading different records cannot both create one; later drafts are made unique by their version.
    private static string DocumentCondition(NoteDraft draft) =>
        draft.Decision.SeriesIsEmpty
            ? $"identifier={FhirSearch.Token(draft.Decision.Series)}&status=current"
            : $"identifier={FhirSearch.Token(draft.Version)}";

    private static void Create(Bundle bundle, string fullUrl, Resource resource, string ifNoneExist) =>
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = ifNoneExist },
        });
}
