using FhirNoteService.Core.Drafts;
using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>
/// The one transaction that writes a draft: Device, DocumentReference and Provenance, each created only if no
/// resource with its identifier exists yet, so that any number of deliveries write the draft once.
/// </summary>
internal static class DraftTransaction
{
    public const int DeviceEntry = 0;
    public const int DocumentEntry = 1;
    public const int ProvenanceEntry = 2;

    /// <summary>Provenance has no identifier element: it carries the draft key as a tag, and is created conditionally on that.</summary>
    public static Bundle Build(NoteDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var provenance = (Provenance)draft.Provenance.Resource.DeepCopy();
        provenance.Meta ??= new Meta();
        provenance.Meta.Tag.Add(new Coding(draft.Identifier.System, draft.Identifier.Value));

        var deviceIdentifier = draft.Device.Resource.Identifier[0];
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        Add(bundle, draft.Device.FullUrl, draft.Device.Resource, $"identifier={Token(deviceIdentifier)}");
        Add(bundle, draft.Document.FullUrl, draft.Document.Resource, $"identifier={Token(draft.Identifier)}");
        Add(bundle, draft.Provenance.FullUrl, provenance, $"_tag={Token(draft.Identifier)}");
        return bundle;
    }

    private static void Add(Bundle bundle, string fullUrl, Resource resource, string ifNoneExist) =>
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = fullUrl,
            Resource = resource,
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = ifNoneExist },
        });

    private static string Token(Identifier identifier) => $"{Uri.EscapeDataString(identifier.System ?? string.Empty)}|{Uri.EscapeDataString(identifier.Value ?? string.Empty)}";
}
