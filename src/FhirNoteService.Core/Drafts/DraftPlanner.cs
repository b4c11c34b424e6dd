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
    /// <param name="encounter">The encounter the note is about.</param>
    /// <param name="noteType">The note.</param>
    /// <param name="fingerprint">The fingerprint of the context the note would be drafted from.</param>
    /// <param name="currentDrafts">The current drafts of the encounter's series.</param>
    /// <param name="draftsWithProvenance">Ids of those a Provenance targets; null when the server did not say.</param>
    public DraftDecision Decide(
        EncounterId encounter,
        ClinicalNoteType noteType,
        string fingerprint,
        IReadOnlyList<DocumentReference> currentDrafts,
        IReadOnlySet<string>? draftsWithProvenance = null)
    {
        ArgumentNullException.ThrowIfNull(currentDrafts);
        var own = DecideWithin(identifiers.Series(encounter, noteType), fingerprint, currentDrafts, appendsTo: null, draftsWithProvenance);
        return own.Action == DraftAction.KeepClinicianNote && options.Value.AddendumWhenSigned
            ? DecideWithin(identifiers.Series(encounter, noteType, addendum: true), fingerprint, currentDrafts, appendsTo: own.ClinicianNote, draftsWithProvenance)
            : own;
    }

    // The same rules for a note's own series and for the addenda to its clinician's note (appendsTo): a draft made
    // from this record is unchanged, the service's untouched draft is superseded, a clinician's is kept. A clinician's
    // last addendum is kept too: a new addendum then appends to the note beside it.
    // A series should have one current draft; a server without transaction isolation can leave several. The newest
    // is the one decided about; the service's other untouched ones are strays, superseded by the next write.
    private DraftDecision DecideWithin(
        Identifier series,
        string fingerprint,
        IReadOnlyList<DocumentReference> currentDrafts,
        DocumentReference? appendsTo,
        IReadOnlySet<string>? draftsWithProvenance)
    {
        var version = identifiers.Version(series, fingerprint);
        var inSeries = Newest(currentDrafts, series);
        var current = inSeries.Count > 0 ? inSeries[0] : null;
        var strays = inSeries.Skip(1).Where(DraftState.IsUntouched).ToList();
        var decision = current switch
        {
            null => new DraftDecision(DraftAction.Create, series, version, ClinicianNote: appendsTo, SeriesIsEmpty: true),
            _ when DraftIdentifiers.IsVersion(current, version) && !IsWhole(current, draftsWithProvenance) => new DraftDecision(DraftAction.Complete, series, version, Current: current, ClinicianNote: appendsTo),
            _ when DraftIdentifiers.IsVersion(current, version) => new DraftDecision(DraftAction.Unchanged, series, version, Current: current, ClinicianNote: appendsTo),
            _ when DraftState.IsUntouched(current) => new DraftDecision(DraftAction.Supersede, series, version, Current: current, ClinicianNote: appendsTo),
            _ when appendsTo is null => new DraftDecision(DraftAction.KeepClinicianNote, series, version, ClinicianNote: current),
            _ => new DraftDecision(DraftAction.Create, series, version, ClinicianNote: appendsTo),
        };
        return decision with { Strays = strays };
    }

    // A draft left incomplete by a server that did not resolve its references, or a write interrupted before its
    // repair: the author is still a transaction-local urn, or no Provenance targets it.
    private static bool IsWhole(DocumentReference draft, IReadOnlySet<string>? draftsWithProvenance) =>
        draft.Author.All(a => a.Reference?.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) != true)
        && (draftsWithProvenance is null || draftsWithProvenance.Contains(draft.Id ?? string.Empty));

    /// <summary>
    /// The series' current drafts, the one to decide about first: newest by date, then by last update, then by id,
    /// so that every worker reading the same drafts picks the same one.
    /// </summary>
    public static IReadOnlyList<DocumentReference> Newest(IEnumerable<DocumentReference> drafts, Identifier series) =>
        drafts
            .Where(d => d.Status == DocumentReferenceStatus.Current && DraftIdentifiers.IsSeries(d, series))
            .OrderByDescending(d => d.Date ?? DateTimeOffset.MinValue)
            .ThenByDescending(d => d.Meta?.LastUpdated ?? DateTimeOffset.MinValue)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
}
