using FhirNoteService.Contracts;
using FhirNoteService.Core.Pipeline;

namespace FhirNoteService.Worker.Emrs;

/// <summary>
/// Drafts each event with the pipeline of the EMR its <c>sourceSystem</c> names; an event that names none the worker
/// serves (or none at all) is refused, to the error queue, naming the EMRs it does serve.
/// </summary>
internal sealed class EmrRouter(EmrEndpoints endpoints, NoteTelemetry telemetry, ILogger<EmrRouter> logger) : INoteDrafting
{
    public async Task<DraftingOutcome> DraftAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encounterEvent);
        if (endpoints.For(encounterEvent.SourceSystem) is not { } endpoint)
        {
            var failure = new PermanentNoteFailureException(
                PermanentFailureKind.InvalidEvent,
                encounterEvent.SourceSystem is null
                    ? $"the event names no EMR (sourceSystem); this worker serves several: {string.Join(", ", endpoints.Names)}"
                    : $"sourceSystem names an EMR this worker does not serve; it serves: {string.Join(", ", endpoints.Names)}");
            telemetry.PermanentFailure(logger, failure);
            throw failure;
        }
        await using var scope = endpoint.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NoteDraftingPipeline>().DraftAsync(encounterEvent, cancellationToken);
    }
}
