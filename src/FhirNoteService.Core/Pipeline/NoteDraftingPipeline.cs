using FhirNoteService.Contracts;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FluentValidation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// Drafts the notes of one encounter event: validate, read the context (with the current drafts) in one request,
/// decide the note types, extract facts; then per note decide against the current draft (unchanged, supersede, or
/// leave a clinician's note alone), generate, check grounding, build, validate and write in one transaction.
/// </summary>
public sealed partial class NoteDraftingPipeline(
    IClinicalContextReader contextReader,
    INoteGenerator generator,
    IDraftWriter writer,
    DraftPlanner planner,
    DraftBuilder builder,
    IOptions<DraftOptions> draftOptions,
    NoteTelemetry telemetry,
    ILogger<NoteDraftingPipeline> logger)
{
    /// <summary>A conflict means the series changed since it was read; each attempt reads it again.</summary>
    public const int ConflictAttempts = 3;

    private static readonly EncounterEventValidator EventValidator = new();
    private static readonly NoteDraftValidator DraftValidator = new();

    public async Task<DraftingOutcome> DraftAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounterEvent);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await DraftEventAsync(encounterEvent, cancellationToken);
                }
                catch (DraftConflictException conflict) when (attempt < ConflictAttempts)
                {
                    LogConflict(logger, attempt, conflict.Message);
                }
            }
        }
        catch (PermanentNoteFailureException failure)
        {
            throw Permanent(failure);
        }
        catch (Exception unexpected) when (unexpected is not (DependencyUnavailableException or DraftConflictException or OperationCanceledException))
        {
            LogUnexpected(logger, unexpected.GetType().FullName!, unexpected.StackTrace ?? string.Empty);
            throw Permanent(new PermanentNoteFailureException(
                PermanentFailureKind.Unexpected,
                $"{unexpected.GetType().Name} while drafting; the worker's log has its stack trace",
                unexpected));
        }
    }

    private PermanentNoteFailureException Permanent(PermanentNoteFailureException failure)
    {
        telemetry.Failures.Add(1, new KeyValuePair<string, object?>("kind", failure.Kind.ToString()));
        LogPermanentFailure(logger, failure.Kind.ToString(), failure.Message);
        return failure;
    }

    private async Task<DraftingOutcome> DraftEventAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        using var activity = NoteTelemetry.Source.StartActivity("draft-notes");
        using var timer = ExternalCallTimer.Start();
        var encounter = ValidateEvent(encounterEvent);
        activity?.SetTag("fhirnoteservice.encounter", encounter.Reference);

        var (context, facts, noteTypes, reasonForNone) = await ReadAsync(encounter, cancellationToken);
        if (noteTypes.Count == 0)
        {
            telemetry.EncountersSkipped.Add(1);
            LogSkipped(logger, encounter.Reference, reasonForNone!);
            return new DraftingOutcome([], [new NoteSkipped(encounter.Reference, $"{NoteSkipReasons.NoNote}: {reasonForNone}")]);
        }
        var drafts = new List<NoteDrafted>(noteTypes.Count);
        var skipped = new List<NoteSkipped>();
        foreach (var noteType in noteTypes)
        {
            var fingerprint = ContextFingerprint.Of(facts, noteType, draftOptions.Value.Language);
            var decision = planner.Decide(encounter, noteType, fingerprint, context.CurrentDrafts, context.DraftsWithProvenance);
            if (!decision.Writes && decision.Strays.Count > 0)
            {
                await writer.RetireAsync(decision.Strays, cancellationToken);
            }
            if (Skip(encounter, noteType, decision) is { } skip)
            {
                skipped.Add(skip);
                continue;
            }
            drafts.Add(await DraftOneAsync(encounter, context, noteType, facts, decision, cancellationToken));
        }
        telemetry.Duration.Record(timer.Elapsed.TotalMilliseconds);
        if (drafts.Count == 0)
        {
            return new DraftingOutcome([], skipped);
        }
        var ownMilliseconds = timer.Own.TotalMilliseconds / drafts.Count;
        telemetry.WorkerTime.Record(ownMilliseconds);
        return new DraftingOutcome(drafts.Select(d => d with { WorkerMilliseconds = ownMilliseconds }).ToList(), skipped);
    }

    // A note waits seconds on the model: keeping only what the draft needs (not the parsed record, whose content
    // lives on in the facts) lets the record die young instead of piling up in the oldest GC generation at high
    // concurrency (peak RSS, docs/benchmarks.md). Its own method, so no state machine of a waiting note holds it.
    private async Task<(ClinicalContext Context, FactSheet Facts, IReadOnlyList<ClinicalNoteType> NoteTypes, string? ReasonForNone)> ReadAsync(
        EncounterId encounter,
        CancellationToken cancellationToken)
    {
        var context = await contextReader.ReadAsync(encounter, cancellationToken);
        var (noteTypes, reasonForNone) = ClinicalNoteTypeRules.Decide(context.Encounter);
        var facts = noteTypes.Count == 0 ? new FactSheet([]) : FactExtractor.Extract(context);
        return (context.WithoutSources(), facts, noteTypes, reasonForNone);
    }

    // Records what is left alone; returns the skip when nothing is to be written for this note.
    private NoteSkipped? Skip(EncounterId encounter, ClinicalNoteType noteType, DraftDecision decision)
    {
        if (decision.Action == DraftAction.Unchanged)
        {
            var current = $"DocumentReference/{decision.Current!.Id}";
            CountSkip(NoteSkipReasons.Unchanged, noteType);
            LogUnchanged(logger, noteType.Key, encounter.Reference, current);
            return new NoteSkipped(encounter.Reference, $"{NoteSkipReasons.Unchanged}: {current} was drafted from the same record", noteType.LoincCode, current);
        }
        if (decision.ClinicianNote is not { } note)
        {
            return null;
        }
        var kept = $"DocumentReference/{note.Id}";
        var state = decision.ClinicianNoteState!;
        CountSkip(state, noteType);
        LogClinicianNoteKept(logger, noteType.Key, encounter.Reference, kept, state, decision.IsAddendum);
        return decision.Action == DraftAction.KeepClinicianNote
            ? new NoteSkipped(encounter.Reference, $"{state}: {kept} was {state} by a clinician and is left as it is; the changed record is not drafted (Drafts:AddendumWhenSigned is off)", noteType.LoincCode, kept)
            : null;
    }

    private void CountSkip(string reason, ClinicalNoteType noteType) =>
        telemetry.DraftsSkipped.Add(1, new("reason", reason), new("note_type", noteType.Key));

    private static EncounterId ValidateEvent(EncounterEvent encounterEvent)
    {
        var result = EventValidator.Validate(encounterEvent);
        if (!result.IsValid)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidEvent,
                string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
        }
        return EncounterId.TryParse(encounterEvent.EncounterReference, out var encounter, out var problem)
            ? encounter!
            : throw new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, problem!);
    }

    private async Task<NoteDrafted> DraftOneAsync(
        EncounterId encounter,
        ClinicalContext context,
        ClinicalNoteType noteType,
        FactSheet facts,
        DraftDecision decision,
        CancellationToken cancellationToken)
    {
        var request = new NoteRequest(noteType, facts, draftOptions.Value.Language, PatientIdentity.From(context.Patient));
        var note = await generator.GenerateAsync(request, cancellationToken);
        var grounded = GroundingCheck.Check(note, facts);
        var draft = builder.Build(context, noteType, grounded, facts, decision);
        var validation = DraftValidator.Validate(draft);
        if (!validation.IsValid)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidDraft,
                $"{encounter.Reference} {noteType.Key}: {string.Join("; ", validation.Errors.Select(e => e.ErrorMessage))}");
        }

        var written = await writer.WriteAsync(draft, cancellationToken);
        telemetry.DraftsWritten.Add(1, new("note_type", noteType.Key), new("created", written.Created));
        telemetry.UnsupportedStatements.Add(grounded.UnsupportedCount, new KeyValuePair<string, object?>("note_type", noteType.Key));
        LogWritten(logger, noteType.Key, encounter.Reference, written.DocumentReference, decision.Action, written.Created, grounded.StatementCount, grounded.UnsupportedCount);
        return new NoteDrafted(
            encounter.Reference,
            noteType.LoincCode,
            written.DocumentReference,
            written.Created,
            grounded.Note.Generator.Id,
            facts.Facts.Count,
            Supersedes: decision.Action == DraftAction.Supersede ? $"DocumentReference/{decision.Current!.Id}" : null,
            AddendumTo: decision.IsAddendum ? $"DocumentReference/{decision.ClinicianNote!.Id}" : null);
    }

    // Failure messages are built to carry no patient data: kinds, references and structural reasons only.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Permanent failure {Kind}, sent to the error queue: {Reason}")]
    private static partial void LogPermanentFailure(ILogger logger, string kind, string reason);

    // Only the type and stack trace: an unexpected exception's message may quote record content.
    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while drafting, at {StackTrace}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string stackTrace);

    [LoggerMessage(Level = LogLevel.Information, Message = "No note for {Encounter}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string encounter, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {NoteType} for {Encounter} is {DocumentReference} ({Action}, created: {Created}, statements: {Statements}, unsupported: {Unsupported})")]
    private static partial void LogWritten(ILogger logger, string noteType, string encounter, string documentReference, DraftAction action, bool created, int statements, int unsupported);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {NoteType} for {Encounter} unchanged: {DocumentReference} was drafted from the same record; nothing written")]
    private static partial void LogUnchanged(ILogger logger, string noteType, string encounter, string documentReference);

    [LoggerMessage(Level = LogLevel.Information, Message = "{NoteType} for {Encounter}: {DocumentReference} was {State} by a clinician and is left as it is (addendum drafted: {Addendum})")]
    private static partial void LogClinicianNoteKept(ILogger logger, string noteType, string encounter, string documentReference, string state, bool addendum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft series changed while drafting (attempt {Attempt}), reading it again: {Reason}")]
    private static partial void LogConflict(ILogger logger, int attempt, string reason);
}
