using FhirNoteService.Core.Events;
using FhirNoteService.Core.Notes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Drafts;

/// <summary>
/// Decides, before any model is called, whether a note needs a new draft: nothing when the current draft was made
/// from the same context, a superseding draft when the current one is still the service's own, and never a change
/// to a note a clinician has signed or edited (an addendum draft instead, when configured).
/// </summary>
public sealed class DraftPlanner(DraftIdentifiers identifiers, IOptions<DraftOptions> options)
{
    public DraftDecision Decide(EncounterId encounter, ClinicalNoteType noteType, string fingerprint, IReadOnlyList<DocumentReference> currentDrafts)
    {
        ArgumentNullException.ThrowIfNull(currentDrafts);
        var own = DecideWithin(identifiers.Series(encounter, noteType), fingerprint, currentDrafts, appendsTo: null);
        return own.Action == DraftAction.KeepClinicianNote && options.Value.AddendumWhenSigned
            ? DecideWithin(identifiers.Series(encounter, noteType, addendum: true), fingerprint, currentDrafts, appendsTo: own.ClinicianNote)
            : own;
    }

    // The same rules for a note's own series and for the addenda to its clinician's note (appendsTo): a draft made
    // from this record is unchanged, the service's untouched draft is superseded, a clinician's is kept. A clinician's
    // last addendum is kept too: a new addendum then appends to the note beside it.
    private DraftDecision DecideWithin(Identifier series, string fingerprint, IReadOnlyList<DocumentReference> currentDrafts, DocumentReference? appendsTo)
    {
        var version = identifiers.Version(series, fingerprint);
        var current = Newest(currentDrafts, series);
        return current switch
        {
            null => new DraftDecision(DraftAction.Create, series, version, ClinicianNote: appendsTo, SeriesIsEmpty: true),
            _ when DraftIdentifiers.IsVersion(current, version) => new DraftDecision(DraftAction.Unchanged, series, version, Current: current, ClinicianNote: appendsTo),
            _ when DraftState.IsUntouched(current) => new DraftDecision(DraftAction.Supersede, series, version, Current: current, ClinicianNote: appendsTo),
            _ when appendsTo is null => new DraftDecision(DraftAction.KeepClinicianNote, series, version, ClinicianNote: current),
            _ => new DraftDecision(DraftAction.Create, series, version, ClinicianNote: appendsTo),
        };
    }

    private static DocumentReference? Newest(IReadOnlyList<DocumentReference> drafts, Identifier series) =>
        drafts
            .Where(d => d.Status == DocumentReferenceStatus.Current && DraftIdentifiers.IsSeries(d, series))
            .OrderByDescending(d => d.Date ?? DateTimeOffset.MinValue)
            .ThenByDescending(d => d.Meta?.LastUpdated ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
}
