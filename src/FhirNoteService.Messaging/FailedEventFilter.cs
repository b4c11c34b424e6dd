using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Events;
using FhirNoteService.Core.Pipeline;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Messaging;

/// <summary>
/// Sees each attempt at an encounter event (MassTransit's message retry runs around it): an event that failed for
/// good is announced as <see cref="NoteFailed"/> (MassTransit's own faults are off: they carry stack traces and host
/// details, and go where the sender asks), and a draft conflict on the last retry becomes a permanent failure of its
/// own kind, logged once like the others; earlier conflicts pass on to be retried.
/// </summary>
internal sealed partial class FailedEventFilter(int retryLimit, NoteTelemetry telemetry, TimeProvider clock, ILogger logger) : IFilter<ConsumeContext>
{
    public async Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.Send(context);
        }
        catch (PermanentNoteFailureException failure)
        {
            await AnnounceAsync(context, failure);
            throw;
        }
        catch (DraftConflictException conflict) when (context.GetRetryAttempt() >= retryLimit)
        {
            // A conflict's message is the service's own account of what it read back, so it can be passed on.
            var failure = new PermanentNoteFailureException(
                PermanentFailureKind.DraftConflict,
                $"{conflict.Message} (on every attempt: {retryLimit} retries, Messaging:RetryLimit)");
            telemetry.PermanentFailure(logger, failure);
            await AnnounceAsync(context, failure);
            throw failure;
        }
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("failedEvent");

    private async Task AnnounceAsync(ConsumeContext context, PermanentNoteFailureException failure)
    {
        var reference = context.TryGetMessage<EncounterEvent>(out var consumed)
            && EncounterId.TryParse(consumed.Message.EncounterReference, out var encounter, out _)
            ? encounter!.Reference
            : null;
        try
        {
            await context.Publish(new NoteFailed(reference, failure.Kind.ToString(), failure.Message, clock.GetUtcNow()), context.CancellationToken);
        }
        catch (Exception unannounced) when (unannounced is not OperationCanceledException)
        {
            // The dead letter is what counts; the announcement is a courtesy that must not replace its reason.
            NotAnnounced(logger, unannounced.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A failed event could not be announced as NoteFailed ({ExceptionType}); its dead letter has the reason")]
    private static partial void NotAnnounced(ILogger logger, string exceptionType);
}
