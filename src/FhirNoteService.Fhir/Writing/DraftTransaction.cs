using FhirNoteService.Core.Drafts;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>
/// The one transaction that writes a draft: Device, DocumentReference and Provenance, each created only if it does
/// not exist yet, and, when the draft supersedes an earlier one, that one updated to <c>superseded</c> only if it is
/// still the version that was read (If-Match): a clinician's concurrent edit fails the whole transaction.
/// </summary>
internal static class DraftTransaction
{
    public const int DeviceEntry = 0;
    public const int DocumentEntry = 1;
    public const int ProvenanceEntry = 2;
    public const int SupersededEntry = 3;

    /// <summary>Provenance has no identifier element: it carries the draft's version as a tag, and is created conditionally on that.</summary>
    public static Bundle Build(NoteDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var provenance = (Provenance)draft.Provenance.Resource.DeepCopy();
        provenance.Meta ??= new Meta();
        provenance.Meta.Tag.Add(new Coding(draft.Version.System, draft.Version.Value));

        var deviceIdentifier = draft.Device.Resource.Identifier[0];
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        Create(bundle, draft.Device.FullUrl, draft.Device.Resource, $"identifier={FhirSearch.Token(deviceIdentifier)}");
        Create(bundle, draft.Document.FullUrl, draft.Document.Resource, DocumentCondition(draft));
        Create(bundle, draft.Provenance.FullUrl, provenance, $"_tag={FhirSearch.Token(draft.Version)}");
        if (draft.Superseded is { } superseded)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = superseded,
                Request = new Bundle.RequestComponent
                {
                    Method = Bundle.HTTPVerb.PUT,
                    Url = $"DocumentReference/{superseded.Id}",
                    IfMatch = $"W/\"{superseded.Meta!.VersionId}\"",
                },
            });
        }
        return bundle;
    }

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
