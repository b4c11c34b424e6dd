using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Drafts;

/// <summary>
/// What one note writes: the author Device, the DocumentReference draft and its Provenance. References between them
/// are <c>urn:uuid</c> full URLs, resolved by the server when the three are written in one transaction.
/// </summary>
public sealed record NoteDraft(
    Identifier Identifier,
    DraftEntry<Device> Device,
    DraftEntry<DocumentReference> Document,
    DraftEntry<Provenance> Provenance,
    int UnsupportedStatements);

/// <summary>A resource to write, with its transaction-local full URL.</summary>
public sealed record DraftEntry<T>(string FullUrl, T Resource)
    where T : Resource;
