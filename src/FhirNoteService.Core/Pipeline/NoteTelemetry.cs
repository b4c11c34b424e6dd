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
        DraftsWritten = _meter.CreateCounter<long>("fhirnoteservice.drafts.written", "{draft}", "Drafts written, by note type and whether this delivery created them");
        EncountersSkipped = _meter.CreateCounter<long>("fhirnoteservice.encounters.skipped", "{encounter}", "Encounter events that needed no note");
        DraftsSkipped = _meter.CreateCounter<long>("fhirnoteservice.drafts.skipped", "{note}", "Notes left as they are, by reason (unchanged, signed, edited) and note type");
        Failures = _meter.CreateCounter<long>("fhirnoteservice.failures", "{failure}", "Permanent failures, by kind");
        UnsupportedStatements = _meter.CreateCounter<long>("fhirnoteservice.statements.unsupported", "{statement}", "Draft statements the grounding check could not trace");
        Pauses = _meter.CreateCounter<long>("fhirnoteservice.consumption.pauses", "{pause}", "Times consumption paused because a dependency was unavailable, by dependency");
        Fallbacks = _meter.CreateCounter<long>("fhirnoteservice.generation.fallbacks", "{note}", "Model drafts replaced by the offline generator after an unusable answer");
        UnreadRecordParts = _meter.CreateCounter<long>("fhirnoteservice.context.unread", "{part}", "Parts of a patient's record (allergies, problems, medications) the FHIR server could not be made to return, by part");
        CatchUps = _meter.CreateCounter<long>("fhirnoteservice.subscriptions.catchups", "{catch-up}", "Searches for encounters whose events never arrived, by reason (gap, missed heartbeat, error status, empty payload, first contact, backfill)");
        CatchUpEvents = _meter.CreateCounter<long>("fhirnoteservice.subscriptions.catchup_events", "{event}", "Encounter events published by catch-up searches, by reason");
        Deliveries = _meter.CreateCounter<long>("fhirnoteservice.receiver.deliveries", "{delivery}", "HTTP deliveries the event receiver answered, by source kind and HTTP status");
        Duration = _meter.CreateHistogram<double>("fhirnoteservice.note.duration", "ms", "Time to draft the notes of one encounter event");
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

    public Histogram<double> Duration { get; }

    public Histogram<double> WorkerTime { get; }

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
