using FhirNoteService.Contracts;
using FhirNoteService.Core.Pipeline;
using MassTransit;

namespace FhirNoteService.Messaging;

/// <summary>Drafts the notes of an encounter event and announces each draft. Policy lives in its definition.</summary>
public sealed class EncounterEventConsumer(NoteDraftingPipeline pipeline) : IConsumer<EncounterEvent>
{
    public async Task Consume(ConsumeContext<EncounterEvent> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await pipeline.DraftAsync(context.Message, context.CancellationToken);
        foreach (var skipped in outcome.Skipped)
        {
            await context.Publish(skipped, context.CancellationToken);
        }
        foreach (var drafted in outcome.Drafts)
        {
            await context.Publish(drafted, context.CancellationToken);
        }
    }
}
