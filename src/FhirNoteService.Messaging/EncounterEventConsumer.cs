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
        if (outcome.SkipReason is { } reason)
        {
            await context.Publish(new NoteSkipped(context.Message.EncounterReference, reason), context.CancellationToken);
            return;
        }
        foreach (var drafted in outcome.Drafts)
        {
            await context.Publish(drafted, context.CancellationToken);
        }
    }
}
