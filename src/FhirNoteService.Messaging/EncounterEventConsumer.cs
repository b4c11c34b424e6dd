using FhirNoteService.Contracts;
using FhirNoteService.Core.Pipeline;
using MassTransit;

namespace FhirNoteService.Messaging;

/// <summary>
/// Drafts the notes of an encounter event and announces the outcome of each note. Deliveries of one encounter take
/// turns (<see cref="EncounterTurns"/>): on a FHIR server without transaction isolation two at once would both write
/// a draft of the series. While a dependency is down the message is held, not failed: see <see cref="ConsumptionGate"/>.
/// Retry and error policy live in its definition.
/// </summary>
public sealed class EncounterEventConsumer(INoteDrafting pipeline, ConsumptionGate gate, EncounterTurns turns) : IConsumer<EncounterEvent>
{
    public async Task Consume(ConsumeContext<EncounterEvent> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        DraftingOutcome outcome;
        using (await turns.TakeAsync(context.Message.EncounterReference ?? string.Empty, context.CancellationToken))
        {
            outcome = await DraftWhenDependenciesAreUpAsync(context.Message, context.CancellationToken);
        }
        foreach (var skipped in outcome.Skipped)
        {
            await context.Publish(skipped, context.CancellationToken);
        }
        foreach (var drafted in outcome.Drafts)
        {
            await context.Publish(drafted, context.CancellationToken);
        }
    }

    private async Task<DraftingOutcome> DraftWhenDependenciesAreUpAsync(EncounterEvent encounterEvent, CancellationToken cancellationToken)
    {
        while (true)
        {
            var probe = await gate.WaitForTurnAsync(cancellationToken);
            try
            {
                var outcome = await pipeline.DraftAsync(encounterEvent, cancellationToken);
                gate.Reachable();
                return outcome;
            }
            catch (DependencyUnavailableException unavailable)
            {
                gate.Unavailable(unavailable, probe);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (probe)
                {
                    gate.ProbeAbandoned();
                }
                throw;
            }
            catch (PermanentNoteFailureException)
            {
                // The dependencies answered; the message is what is wrong with it.
                gate.Reachable();
                throw;
            }
        }
    }
}
