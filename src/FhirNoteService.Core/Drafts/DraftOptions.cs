namespace FhirNoteService.Core.Drafts;

/// <summary>How drafts are labelled and attributed. Section <c>Drafts</c>.</summary>
public sealed class DraftOptions
{
    public const string SectionName = "Drafts";

    /// <summary>The identifier system of drafts; the value is derived from encounter and note type.</summary>
    public string IdentifierSystem { get; set; } = "urn:fhirnoteservice:note-draft";

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
