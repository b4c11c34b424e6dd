using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
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
/// <param name="Grounding">The note, statement by statement, with the grounding check's verdicts.</param>
/// <param name="Facts">The facts the note was drafted from, which its statements cite by number.</param>
public sealed record NoteDraft(
    DraftDecision Decision,
    DraftEntry<Device> Device,
    DraftEntry<DocumentReference> Document,
    DraftEntry<Provenance> Provenance,
    IReadOnlyList<DocumentReference> Superseded,
    GroundingResult Grounding,
    FactSheet Facts)
{
    /// <summary>How many statements the grounding check could not trace.</summary>
    public int UnsupportedStatements => Grounding.UnsupportedCount;

    /// <summary>The draft's version identifier (its masterIdentifier), unique to the context it was made from.</summary>
    public Identifier Version => Decision.Version;
}

/// <summary>A resource to write, with its transaction-local full URL.</summary>
public sealed record DraftEntry<T>(string FullUrl, T Resource)
    where T : Resource;
