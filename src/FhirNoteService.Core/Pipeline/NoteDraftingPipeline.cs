using FhirNoteService.Contracts;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Notes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// Drafts the notes of one encounter event, stage by stage: validate the event, read the encounter's context (with
/// its current drafts) in one request, decide its notes by the note rules, extract the facts, then draft each note
/// (<see cref="NoteDrafter"/>). A draft conflict reads and decides again; every other failure is classified:
/// permanent (dead-lettered with its reason), a dependency outage (held), or unexpected (dead-lettered, stack logged).
/// </summary>
public sealed class NoteDraftingPipeline(
    IClinicalContextReader contextReader,
    NoteDrafter drafter,
    NoteRuleBook rules,
    IOptions<EventOptions> eventOptions,
    NoteTelemetry telemetry,
    ILogger<NoteDraftingPipeline> logger) : INoteDrafting
{
    /// <summary>A conflict means the series changed since it was read; each attempt reads it again.</summary>
    public const int ConflictAttempts = 3;

    private static readonly EncounterEventValidator EventValidator = new();

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
                    PipelineLog.Conflict(logger, attempt, conflict.Message);
                }
            }
        }
        catch (PermanentNoteFailureException failure)
        {
            throw Permanent(failure);
        }
        catch (Exception unexpected) when (unexpected is not (DependencyUnavailableException or DraftConflictException or OperationCanceledException))
        {
            PipelineLog.Unexpected(logger, unexpected.GetType().FullName!, unexpected.StackTrace ?? string.Empty);
            throw Permanent(new PermanentNoteFailureException(
                PermanentFailureKind.Unexpected,
                $"{unexpected.GetType().Name} while drafting; the worker's log has its stack trace",
                unexpected));
        }
    }

    private async Task<DraftingOutcome> DraftEventAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        using var activity = NoteTelemetry.Source.StartActivity("draft-notes");
        using var timer = ExternalCallTimer.Start();
        var encounter = ValidateEvent(encounterEvent);
        activity?.SetTag("fhirnoteservice.encounter", encounter.Reference);
        activity?.SetTag("fhirnoteservice.event.kind", encounterEvent.Kind);

        var record = await ReadAsync(encounter, cancellationToken);
        if (record.Notes.Count == 0)
        {
            telemetry.EncountersSkipped.Add(1);
            PipelineLog.NoNote(logger, encounter.Reference, record.ReasonForNone!);
            return new DraftingOutcome([], [new NoteSkipped(encounter.Reference, $"{NoteSkipReasons.NoNote}: {record.ReasonForNone}")]);
        }
        var drafts = new List<NoteDrafted>(record.Notes.Count);
        var skipped = new List<NoteSkipped>();
        foreach (var note in record.Notes)
        {
            var (drafted, skip) = await drafter.DraftAsync(encounter, record, note, cancellationToken);
            if (drafted is not null)
            {
                drafts.Add(drafted);
            }
            if (skip is not null)
            {
                skipped.Add(skip);
            }
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

    private EncounterId ValidateEvent(EncounterEvent encounterEvent)
    {
        var result = EventValidator.Validate(encounterEvent);
        if (!result.IsValid)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidEvent,
                string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
        }
        var ours = eventOptions.Value.SourceSystem;
        if (!string.IsNullOrEmpty(encounterEvent.SourceSystem) && !string.Equals(encounterEvent.SourceSystem, ours, StringComparison.Ordinal))
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidEvent,
                ours is null
                    ? "sourceSystem names an EMR this worker is not configured for (Events:SourceSystem is not set, so events must not name one)"
                    : $"sourceSystem names an EMR this worker is not configured for (Events:SourceSystem is '{ours}')");
        }
        return EncounterId.TryParse(encounterEvent.EncounterReference, out var encounter, out var problem)
            ? encounter!
            : throw new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, problem!);
    }

    // A note waits seconds on the model: keeping only what the draft needs (not the parsed record, whose content
    // lives on in the facts) lets the record die young instead of piling up in the oldest GC generation at high
    // concurrency (peak RSS, docs/benchmarks.md). Its own method, so no state machine of a waiting note holds it.
    private async Task<EncounterRecord> ReadAsync(EncounterId encounter, CancellationToken cancellationToken)
    {
        var context = await telemetry.StageAsync("read", () => contextReader.ReadAsync(encounter, cancellationToken));
        var (notes, reasonForNone) = rules.Decide(context.Encounter);
        var facts = notes.Count == 0 ? new FactSheet([]) : FactExtractor.Extract(context);
        return new EncounterRecord(context.WithoutSources(), facts, notes, reasonForNone);
    }

    private PermanentNoteFailureException Permanent(PermanentNoteFailureException failure)
    {
        telemetry.PermanentFailure(logger, failure);
        return failure;
    }
}
