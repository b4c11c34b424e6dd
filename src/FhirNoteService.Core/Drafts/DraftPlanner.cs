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
        var series = identifiers.Series(encounter, noteType);
        var version = identifiers.Version(series, fingerprint);
        var note = Newest(currentDrafts, series);
        if (note is null)
        {
            return new DraftDecision(DraftAction.Create, series, version, SeriesIsEmpty: true);
        }
        if (DraftIdentifiers.IsVersion(note, version))
        {
            return new DraftDecision(DraftAction.Unchanged, series, version, Current: note);
        }
        if (DraftState.IsUntouched(note))
        {
            return new DraftDecision(DraftAction.Supersede, series, version, Current: note);
        }

        var state = DraftState.ClinicianStateOf(note);
        if (!options.Value.AddendumWhenSigned)
        {
            return new DraftDecision(DraftAction.KeepClinicianNote, series, version, ClinicianNote: note, ClinicianNoteState: state);
        }
        var addenda = identifiers.Series(encounter, noteType, addendum: true);
        var addendumVersion = identifiers.Version(addenda, fingerprint);
        var addendum = Newest(currentDrafts, addenda);
        return addendum switch
        {
            null => new DraftDecision(DraftAction.Create, addenda, addendumVersion, ClinicianNote: note, ClinicianNoteState: state, SeriesIsEmpty: true),
            _ when DraftIdentifiers.IsVersion(addendum, addendumVersion) => new DraftDecision(DraftAction.Unchanged, addenda, addendumVersion, Current: addendum, ClinicianNote: note, ClinicianNoteState: state),
            _ when DraftState.IsUntouched(addendum) => new DraftDecision(DraftAction.Supersede, addenda, addendumVersion, Current: addendum, ClinicianNote: note, ClinicianNoteState: state),
            // The last addendum is the clinician's too: a new one appends to the note beside it.
            _ => new DraftDecision(DraftAction.Create, addenda, addendumVersion, ClinicianNote: note, ClinicianNoteState: state),
        };
    }

    private static DocumentReference? Newest(IReadOnlyList<DocumentReference> drafts, Identifier series) =>
        drafts
            .Where(d => d.Status == DocumentReferenceStatus.Current && DraftIdentifiers.IsSeries(d, series))
            .OrderByDescending(d => d.Date ?? DateTimeOffset.MinValue)
            .ThenByDescending(d => d.Meta?.LastUpdated ?? DateTimeOffset.MinValue)
            .FirstOrDefault();
}
