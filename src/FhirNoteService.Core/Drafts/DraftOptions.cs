namespace FhirNoteService.Core.Drafts;

/// <summary>How drafts are labelled and attributed. Section <c>Drafts</c>.</summary>
public sealed class DraftOptions
{
    public const string SectionName = "Drafts";

    /// <summary>
    /// The identifier system of draft series (<c>DocumentReference.identifier</c>); the value is derived from the
    /// encounter and note type, and is the same on every draft that supersedes another.
    /// </summary>
    public string IdentifierSystem { get; set; } = "urn:fhirnoteservice:note-draft";

    /// <summary>
    /// The identifier system of draft versions (<c>DocumentReference.masterIdentifier</c>); the value adds a
    /// fingerprint of the facts the draft was made from.
    /// </summary>
    public string VersionIdentifierSystem { get; set; } = "urn:fhirnoteservice:note-draft-version";

    /// <summary>
    /// When the encounter of a signed (or clinician-edited) note changes, write a separate addendum draft that
    /// <c>appends</c> to it. Off: the change is only logged and counted. The signed note itself is never touched.
    /// </summary>
    public bool AddendumWhenSigned { get; set; }

    /// <summary>The identifier system of the generator Devices.</summary>
    public string DeviceIdentifierSystem { get; set; } = "urn:fhirnoteservice:generator";

    /// <summary>The note language (BCP 47), recorded on the attachment.</summary>
    public string Language { get; set; } = "en-US";

    /// <summary>
    /// The organisation responsible for the drafts, <c>Organization/{id}</c>. When empty, the encounter's
    /// service provider is used; US Core needs one of them.
    /// </summary>
    public string? Custodian { get; set; }
}
