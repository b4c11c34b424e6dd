using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// One note of an encounter: decide against its current draft (unchanged, supersede, complete, or leave a clinician's
/// note alone), then generate, check grounding, build, validate and write.
/// </summary>
public sealed class NoteDrafter(
    INoteGenerator generator,
    IDraftWriter writer,
    DraftPlanner planner,
    DraftBuilder builder,
    NoteTelemetry telemetry,
    ILogger<NoteDrafter> logger)
{
    private static readonly NoteDraftValidator DraftValidator = new();

    /// <summary>Drafts the note, or says why nothing was written (<see cref="NoteSkipped"/>).</summary>
    public async Task<(NoteDrafted? Drafted, NoteSkipped? Skipped)> DraftAsync(EncounterId encounter, EncounterRecord record, NoteAssignment note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(note);
        var noteType = note.NoteType;
        // A note type's own template leaves the fingerprint as it was before templates could be chosen: drafts made
        // then are not superseded for it. Another template (or language) makes a new draft.
        var fingerprint = ContextFingerprint.Of(record.Facts, noteType, note.Template == noteType.Key ? note.Language : $"{note.Language}|{note.Template}");
        var decision = planner.Decide(encounter, noteType, fingerprint, record.Context.CurrentDrafts, record.Context.DraftsWithProvenance);
        if (!decision.Writes && decision.Strays.Count > 0)
        {
            await writer.RetireAsync(decision.Strays, cancellationToken);
        }
        return Skip(encounter, noteType, decision) is { } skip
            ? (null, skip)
            : (await WriteAsync(encounter, record, note, decision, cancellationToken), null);
    }

    // Records what is left alone; returns the skip when nothing is to be written for this note.
    private NoteSkipped? Skip(EncounterId encounter, ClinicalNoteType noteType, DraftDecision decision)
    {
        if (decision.Action == DraftAction.Unchanged)
        {
            var current = $"DocumentReference/{decision.Current!.Id}";
            CountSkip(NoteSkipReasons.Unchanged, noteType);
            PipelineLog.Unchanged(logger, noteType.Key, encounter.Reference, current);
            return new NoteSkipped(encounter.Reference, $"{NoteSkipReasons.Unchanged}: {current} was drafted from the same record", noteType.LoincCode, current);
        }
        if (decision.ClinicianNote is not { } note)
        {
            return null;
        }
        var kept = $"DocumentReference/{note.Id}";
        var state = decision.ClinicianNoteState!;
        CountSkip(state, noteType);
        PipelineLog.ClinicianNoteKept(logger, noteType.Key, encounter.Reference, kept, state, decision.IsAddendum);
        return decision.Action == DraftAction.KeepClinicianNote
            ? new NoteSkipped(encounter.Reference, $"{state}: {kept} was {state} by a clinician and is left as it is; the changed record is not drafted (Drafts:AddendumWhenSigned is off)", noteType.LoincCode, kept)
            : null;
    }

    private void CountSkip(string reason, ClinicalNoteType noteType) =>
        telemetry.DraftsSkipped.Add(1, new("reason", reason), new("note_type", noteType.Key));

    private async Task<NoteDrafted> WriteAsync(EncounterId encounter, EncounterRecord record, NoteAssignment assignment, DraftDecision decision, CancellationToken cancellationToken)
    {
        var noteType = assignment.NoteType;
        using var span = NoteTelemetry.Source.StartActivity("draft-note");
        span?.SetTag("fhirnoteservice.note_type", noteType.Key);
        var request = new NoteRequest(noteType, record.Facts, assignment.Language, PatientIdentity.From(record.Context.Patient), assignment.Template, assignment.Model);
        var note = await telemetry.StageAsync("generate", () => generator.GenerateAsync(request, cancellationToken));
        var grounded = await telemetry.StageAsync("ground", () => Task.FromResult(GroundingCheck.Check(note, record.Facts)));
        NoteTelemetry.RecordGrounding(span, grounded);
        var draft = builder.Build(record.Context, noteType, grounded, record.Facts, decision);
        var validation = DraftValidator.Validate(draft);
        if (!validation.IsValid)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidDraft,
                $"{encounter.Reference} {noteType.Key}: {string.Join("; ", validation.Errors.Select(e => e.ErrorMessage))}");
        }

        var written = await telemetry.StageAsync("write", () => writer.WriteAsync(draft, cancellationToken));
        var model = grounded.Note.Generator.Id;
        telemetry.DraftsWritten.Add(1, new("note_type", noteType.Key), new("model", model), new("outcome", written.Created ? "created" : "already-written"));
        telemetry.UnsupportedStatements.Add(grounded.UnsupportedCount, new("note_type", noteType.Key), new("model", model));
        PipelineLog.Written(logger, noteType.Key, encounter.Reference, written.DocumentReference, decision.Action, written.Created, grounded.StatementCount, grounded.UnsupportedCount);
        return new NoteDrafted(
            encounter.Reference,
            noteType.LoincCode,
            written.DocumentReference,
            written.Created,
            grounded.Note.Generator.Id,
            record.Facts.Facts.Count,
            Supersedes: decision.Action == DraftAction.Supersede ? $"DocumentReference/{decision.Current!.Id}" : null,
            AddendumTo: decision.IsAddendum ? $"DocumentReference/{decision.ClinicianNote!.Id}" : null);
    }
}
