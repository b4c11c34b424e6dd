using FhirNoteService.Contracts;
using FhirNoteService.Core.CatchUp;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>
/// Searches the FHIR server for encounters finished since a moment and publishes an encounter event for each, with
/// publisher confirms. Drafting is idempotent, so what overlaps events already delivered costs a read, not a duplicate.
/// </summary>
public sealed partial class EncounterCatchUp(
    IFinishedEncounterSearch search,
    IOptions<EventOptions> events,
    NoteTelemetry telemetry,
    TimeProvider clock,
    ILogger<EncounterCatchUp> logger)
{
    /// <summary>Publishes at most this many events at once, each awaiting the broker's confirm.</summary>
    private const int PublishBatch = 64;

    /// <summary>Runs one catch-up; <paramref name="progress"/> hears the running count of events published. Returns the count.</summary>
    public async Task<int> RunAsync(CatchUpRequest request, IPublishEndpoint publisher, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(publisher);
        var reason = ReasonTag(request.Reason);
        LogStarted(logger, reason, request.Source, request.Since);
        telemetry.CatchUps.Add(1, new KeyValuePair<string, object?>("reason", reason));
        var published = 0;
        var batch = new List<Task>(PublishBatch);
        await foreach (var found in search.FinishedSinceAsync(request.Since, cancellationToken))
        {
            var encounterEvent = new EncounterEvent(found.Reference, EncounterEventKinds.Finished, found.LastUpdated ?? clock.GetUtcNow(), found.VersionId, events.Value.SourceSystem);
            batch.Add(publisher.Publish(encounterEvent, cancellationToken));
            if (batch.Count == PublishBatch)
            {
                published += await CompleteAsync(batch);
                progress?.Report(published);
            }
        }
        published += await CompleteAsync(batch);
        progress?.Report(published);
        telemetry.CatchUpEvents.Add(published, new KeyValuePair<string, object?>("reason", reason));
        LogFinished(logger, reason, request.Source, published);
        return published;
    }

    /// <summary>The reason as it appears in logs and metric tags: <c>missed-heartbeat</c>, <c>gap</c>, ...</summary>
    public static string ReasonTag(CatchUpReason reason) => reason switch
    {
        CatchUpReason.Gap => "gap",
        CatchUpReason.MissedHeartbeat => "missed-heartbeat",
        CatchUpReason.ErrorStatus => "error-status",
        CatchUpReason.EmptyPayload => "empty-payload",
        CatchUpReason.FirstContact => "first-contact",
        CatchUpReason.Backfill => "backfill",
        _ => "unknown",
    };

    private static async Task<int> CompleteAsync(List<Task> batch)
    {
        await Task.WhenAll(batch);
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catching up ({Reason}) for source {Source}: searching encounters finished since {Since:O}")]
    private static partial void LogStarted(ILogger logger, string reason, string source, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Information, Message = "Caught up ({Reason}) for source {Source}: {Count} encounter events published")]
    private static partial void LogFinished(ILogger logger, string reason, string source, int count);
}
