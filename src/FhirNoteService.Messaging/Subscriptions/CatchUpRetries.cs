using FhirNoteService.Core.Pipeline;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>
/// Catch-ups that failed (the FHIR server or the broker was down), kept to be tried again by the
/// <see cref="SubscriptionWatch"/>. In memory: after a restart, first contact's catch-up covers them.
/// </summary>
public sealed partial class CatchUpRetries(ILogger<CatchUpRetries> logger)
{
    private readonly Lock _lock = new();
    private readonly List<CatchUpRequest> _pending = [];

    /// <summary>Runs a catch-up; if it fails for want of a dependency, keeps it for later instead of failing the caller.</summary>
    public async Task RunOrKeepAsync(EncounterCatchUp catchUp, CatchUpRequest request, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catchUp);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            await catchUp.RunAsync(request, publisher, progress: null, cancellationToken);
        }
        catch (PermanentNoteFailureException refused)
        {
            // The server refused the search itself (e.g. it does not support _lastUpdated): asking again would not help.
            LogRefused(logger, EncounterCatchUp.ReasonTag(request.Reason), request.Source, refused.Message);
        }
        catch (Exception error) when (error is DependencyUnavailableException or MassTransitException or TimeoutException
                                          || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogKept(logger, EncounterCatchUp.ReasonTag(request.Reason), request.Source, error.Message);
            lock (_lock)
            {
                _pending.Add(request);
            }
        }
    }

    /// <summary>Takes every kept catch-up, earliest first, to be tried again.</summary>
    public IReadOnlyList<CatchUpRequest> TakeAll()
    {
        lock (_lock)
        {
            var taken = _pending.OrderBy(r => r.Since).ToList();
            _pending.Clear();
            return taken;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Catch-up ({Reason}) for source {Source} was refused by the FHIR server and is not tried again: {Problem}")]
    private static partial void LogRefused(ILogger logger, string reason, string source, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Catch-up ({Reason}) for source {Source} failed and will be tried again: {Problem}")]
    private static partial void LogKept(ILogger logger, string reason, string source, string problem);
}
