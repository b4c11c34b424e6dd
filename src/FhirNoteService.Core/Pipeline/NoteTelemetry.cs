using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// The service's traces and metrics. Tags carry note types, outcomes and failure kinds only: never patient data.
/// </summary>
public sealed class NoteTelemetry : IDisposable
{
    public const string Name = "FhirNoteService";

    private readonly Meter _meter;

    public NoteTelemetry(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(Name);
        DraftsWritten = _meter.CreateCounter<long>("fhirnoteservice.drafts.written", "{draft}", "Drafts written, by note type, model and outcome (created, or found already written by an earlier delivery)");
        EncountersSkipped = _meter.CreateCounter<long>("fhirnoteservice.encounters.skipped", "{encounter}", "Encounter events that needed no note");
        DraftsSkipped = _meter.CreateCounter<long>("fhirnoteservice.drafts.skipped", "{note}", "Notes left as they are, by reason (unchanged, signed, edited) and note type");
        Failures = _meter.CreateCounter<long>("fhirnoteservice.failures", "{failure}", "Permanent failures, by kind: each moves its message to the error queue");
        UnsupportedStatements = _meter.CreateCounter<long>("fhirnoteservice.statements.unsupported", "{statement}", "Draft statements the grounding check could not trace");
        Pauses = _meter.CreateCounter<long>("fhirnoteservice.consumption.pauses", "{pause}", "Times consumption paused because a dependency was unavailable, by dependency");
        Fallbacks = _meter.CreateCounter<long>("fhirnoteservice.generation.fallbacks", "{note}", "Model drafts replaced by the offline generator after an unusable answer");
        UnreadRecordParts = _meter.CreateCounter<long>("fhirnoteservice.context.unread", "{part}", "Parts of a patient's record (allergies, problems, medications) the FHIR server could not be made to return, by part");
        CatchUps = _meter.CreateCounter<long>("fhirnoteservice.subscriptions.catchups", "{catch-up}", "Searches for encounters whose events never arrived, by reason (gap, missed heartbeat, error status, empty payload, first contact, backfill)");
        CatchUpEvents = _meter.CreateCounter<long>("fhirnoteservice.subscriptions.catchup_events", "{event}", "Encounter events published by catch-up searches, by reason");
        Deliveries = _meter.CreateCounter<long>("fhirnoteservice.receiver.deliveries", "{delivery}", "HTTP deliveries the event receiver answered, by source kind and HTTP status");
        TokenRequests = _meter.CreateCounter<long>("fhirnoteservice.fhir.token_requests", "{request}", "Access token requests to the EMR's authorization server, by outcome (granted, refused, unavailable)");
        AuditEvents = _meter.CreateCounter<long>("fhirnoteservice.audit.events", "{event}", "BALP AuditEvents, by outcome (written, rejected by the audit repository, dropped)");
        Duration = _meter.CreateHistogram<double>("fhirnoteservice.note.duration", "ms", "Time to draft the notes of one encounter event");
        StageDuration = _meter.CreateHistogram<double>("fhirnoteservice.stage.duration", "ms", "Time spent in one stage of a note (read, generate, ground, write)");
        WorkerTime = _meter.CreateHistogram<double>("fhirnoteservice.note.worker_time", "ms", "Time the worker itself spent on a note, beyond FHIR and model calls");
    }

    public static ActivitySource Source { get; } = new(Name);

    public Counter<long> DraftsWritten { get; }

    public Counter<long> EncountersSkipped { get; }

    public Counter<long> DraftsSkipped { get; }

    public Counter<long> Failures { get; }

    public Counter<long> UnsupportedStatements { get; }

    public Counter<long> Fallbacks { get; }

    public Counter<long> Pauses { get; }

    public Counter<long> UnreadRecordParts { get; }

    public Counter<long> CatchUps { get; }

    public Counter<long> CatchUpEvents { get; }

    public Counter<long> Deliveries { get; }

    public Counter<long> AuditEvents { get; }

    public Counter<long> TokenRequests { get; }

    public Histogram<double> Duration { get; }

    public Histogram<double> WorkerTime { get; }

    public Histogram<double> StageDuration { get; }

    /// <summary>
    /// Runs one stage of a note (read, generate, ground, write) as a span of its own, under the note's, and records its
    /// latency in <c>fhirnoteservice.stage.duration{stage}</c>. A stage that throws marks its span as an error with the
    /// exception's type only: messages can quote what a server or model sent.
    /// </summary>
    public async Task<T> StageAsync<T>(string stage, Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var activity = Source.StartActivity(stage);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await work();
        }
        catch (Exception failure)
        {
            activity?.SetStatus(ActivityStatusCode.Error, failure.GetType().Name);
            throw;
        }
        finally
        {
            StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));
        }
    }

    /// <summary>
    /// The grounding check as the GenAI semantic conventions' <c>gen_ai.evaluation.result</c> event on the draft's span:
    /// pass when every statement traces to a fact, the score the share of statements that do.
    /// </summary>
    public static void RecordGrounding(Activity? span, Generation.GroundingResult grounded)
    {
        ArgumentNullException.ThrowIfNull(grounded);
        if (span is null)
        {
            return;
        }
        span.SetTag("fhirnoteservice.statements", grounded.StatementCount);
        span.SetTag("fhirnoteservice.statements.unsupported", grounded.UnsupportedCount);
        span.SetTag("fhirnoteservice.model", grounded.Note.Generator.Id);
        span.AddEvent(new ActivityEvent("gen_ai.evaluation.result", tags: new ActivityTagsCollection
        {
            ["gen_ai.evaluation.name"] = "grounding",
            ["gen_ai.evaluation.score.value"] = (double)grounded.SupportedShare,
            ["gen_ai.evaluation.score.label"] = grounded.UnsupportedCount == 0 ? "pass" : "fail",
            ["gen_ai.evaluation.explanation"] = $"{grounded.UnsupportedCount} of {grounded.StatementCount} statement(s) not traced to a fact",
        }));
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// A permanent failure, wherever it is found (the pipeline, the body intake, a conflict past its retries): counted
    /// by kind and logged once, in the service's own words.
    /// </summary>
    public void PermanentFailure(Microsoft.Extensions.Logging.ILogger logger, PermanentNoteFailureException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Failures.Add(1, new KeyValuePair<string, object?>("kind", failure.Kind.ToString()));
        PipelineLog.PermanentFailure(logger, failure.Kind.ToString(), failure.Message);
    }
}
