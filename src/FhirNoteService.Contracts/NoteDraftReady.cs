namespace FhirNoteService.Contracts;

/// <summary>
/// A draft for an EMR without a draft state (write profile <c>no-draft-state</c>, e.g. Oracle Health, which takes only
/// <c>final</c> notes from a system client): nothing is written to the EMR; the draft waits in the durable
/// <c>note-drafts-ready</c> queue for a review application, where a clinician reviews, edits and signs it, and only
/// then is it filed in the EMR, by that application, as the clinician's note. Drafts of the same record have the same
/// <see cref="Version"/>: a redelivered event publishes the same draft again, which a review application keeps once.
/// </summary>
/// <param name="EncounterReference">The encounter, <c>Encounter/{id}</c>.</param>
/// <param name="NoteTypeCode">The LOINC code of the note type.</param>
/// <param name="Series">The draft series (<c>system|value</c>): one per note type and encounter.</param>
/// <param name="Version">The draft's version (<c>system|value</c>), unique to the record it was drafted from.</param>
/// <param name="DocumentReference">The draft as FHIR R4 JSON (<c>docStatus</c> preliminary, AI-asserted); its author refers to <see cref="Device"/> by its <c>urn:uuid</c> full URL.</param>
/// <param name="Provenance">Its Provenance as FHIR R4 JSON: the Device as author, every source resource as an entity; its target refers to the DocumentReference by <c>urn:uuid</c>.</param>
/// <param name="Device">The generator as a FHIR R4 Device (JSON).</param>
/// <param name="FullUrls">The <c>urn:uuid</c> full URLs of the Device, the DocumentReference and the Provenance, in that order, to write them in one transaction.</param>
/// <param name="UnsupportedStatements">Statements the grounding check could not trace (flagged in the text).</param>
/// <param name="DraftedAt">When the draft was made.</param>
public sealed record NoteDraftReady(
    string EncounterReference,
    string NoteTypeCode,
    string Series,
    string Version,
    string DocumentReference,
    string Provenance,
    string Device,
    IReadOnlyList<string> FullUrls,
    int UnsupportedStatements,
    DateTimeOffset DraftedAt);
