using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Drafts;

/// <summary>
/// What one note writes: the author Device, the DocumentReference draft and its Provenance, and, when the draft
/// replaces an earlier one, that earlier draft marked superseded. References between them are <c>urn:uuid</c> full
/// URLs, resolved by the server when they are written in one transaction.
/// </summary>
/// <param name="Decision">Why this draft is written and what it replaces or appends to.</param>
/// <param name="Device">The generator that authored it.</param>
/// <param name="Document">The draft.</param>
/// <param name="Provenance">Its provenance: the generator as author, the source resources as entities.</param>
/// <param name="Superseded">
/// The earlier drafts with <c>status = superseded</c> (the one replaced, and any strays of the series), each written
/// only if still unchanged (If-Match).
/// </param>
/// <param name="UnsupportedStatements">How many statements the grounding check could not trace.</param>
public sealed record NoteDraft(
    DraftDecision Decision,
    DraftEntry<Device> Device,
    DraftEntry<DocumentReference> Document,
    DraftEntry<Provenance> Provenance,
    IReadOnlyList<DocumentReference> Superseded,
    int UnsupportedStatements)
{
    /// <summary>The draft's version identifier (its masterIdentifier), unique to the context it was made from.</summary>
    public Identifier Version => Decision.Version;
}

/// <summary>A resource to write, with its transaction-local full URL.</summary>
public sealed record DraftEntry<T>(string FullUrl, T Resource)
    where T : Resource;
