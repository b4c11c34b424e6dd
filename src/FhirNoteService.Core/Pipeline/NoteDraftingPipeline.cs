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
/// Drafts the notes of one encounter event: validate, read the context in one request, decide the note types,
/// extract facts, generate, check grounding, build, validate and write each draft in one transaction.
/// </summary>
public sealed partial class NoteDraftingPipeline(
    IClinicalContextReader contextReader,
    INoteGenerator generator,
    IDraftWriter writer,
    DraftBuilder builder,
    IOptions<DraftOptions> draftOptions,
    NoteTelemetry telemetry,
    ILogger<NoteDraftingPipeline> logger)
{
    private static readonly EncounterEventValidator EventValidator = new();
    private static readonly NoteDraftValidator DraftValidator = new();

    public async Task<DraftingOutcome> DraftAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounterEvent);
        try
        {
            return await DraftEventAsync(encounterEvent, cancellationToken);
        }
        catch (PermanentNoteFailureException failure)
        {
            telemetry.Failures.Add(1, new KeyValuePair<string, object?>("kind", failure.Kind.ToString()));
            LogPermanentFailure(logger, failure.Kind.ToString(), failure.Message);
            throw;
        }
    }

    private async Task<DraftingOutcome> DraftEventAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        using var activity = NoteTelemetry.Source.StartActivity("draft-notes");
        using var timer = ExternalCallTimer.Start();
        var encounter = ValidateEvent(encounterEvent);
        activity?.SetTag("fhirnoteservice.encounter", encounter.Reference);

        var context = await contextReader.ReadAsync(encounter, cancellationToken);
        var (noteTypes, reasonForNone) = ClinicalNoteTypeRules.Decide(context.Encounter);
        if (noteTypes.Count == 0)
        {
            telemetry.EncountersSkipped.Add(1);
            LogSkipped(logger, encounter.Reference, reasonForNone!);
            return DraftingOutcome.Skipped(reasonForNone!);
        }

        var facts = FactExtractor.Extract(context);
        var drafts = new List<NoteDrafted>(noteTypes.Count);
        foreach (var noteType in noteTypes)
        {
            drafts.Add(await DraftOneAsync(encounter, context, noteType, facts, cancellationToken));
        }
        var ownMilliseconds = timer.Own.TotalMilliseconds / drafts.Count;
        telemetry.Duration.Record(timer.Elapsed.TotalMilliseconds);
        telemetry.WorkerTime.Record(ownMilliseconds);
        return new DraftingOutcome(drafts.Select(d => d with { WorkerMilliseconds = ownMilliseconds }).ToList(), null);
    }

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
        CancellationToken cancellationToken)
    {
        var request = new NoteRequest(noteType, facts, draftOptions.Value.Language, PatientIdentity.From(context.Patient));
        var note = await generator.GenerateAsync(request, cancellationToken);
        var grounded = GroundingCheck.Check(note, facts);
        var draft = builder.Build(context, noteType, grounded, facts);
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
        LogWritten(logger, noteType.Key, encounter.Reference, written.DocumentReference, written.Created, grounded.StatementCount, grounded.UnsupportedCount);
        return new NoteDrafted(encounter.Reference, noteType.LoincCode, written.DocumentReference, written.Created, grounded.Note.Generator.Id, facts.Facts.Count);
    }

    // Failure messages are built to carry no patient data: kinds, references and structural reasons only.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Permanent failure {Kind}, sent to the error queue: {Reason}")]
    private static partial void LogPermanentFailure(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "No note for {Encounter}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string encounter, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {NoteType} for {Encounter} is {DocumentReference} (created: {Created}, statements: {Statements}, unsupported: {Unsupported})")]
    private static partial void LogWritten(ILogger logger, string noteType, string encounter, string documentReference, bool created, int statements, int unsupported);
}
