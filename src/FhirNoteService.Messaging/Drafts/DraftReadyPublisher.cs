using System.Text.Json;
using FhirNoteService.Contracts;
using FhirNoteService.Core.Drafts;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using MassTransit;
using Task = System.Threading.Tasks.Task;

namespace FhirNoteService.Messaging.Drafts;

/// <summary>
/// The draft writer of the <c>no-draft-state</c> write profile: writes nothing to the EMR and publishes the draft as
/// <see cref="NoteDraftReady"/> instead, mandatory and confirmed by the broker, into the durable
/// <see cref="QueueName"/> queue (<see cref="DraftReadyQueueDeclaration"/>), where it waits for a review application. A final note is never
/// written by the service.
/// </summary>
public sealed class DraftReadyPublisher(IBus bus, DraftReadyQueueDeclaration queue, TimeProvider time) : IDraftWriter
{
    public const string QueueName = "note-drafts-ready";

    private static readonly JsonSerializerOptions FhirJson = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public async Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var document = draft.Document.Resource;
        var ready = new NoteDraftReady(
            document.Context?.Encounter.FirstOrDefault()?.Reference ?? string.Empty,
            document.Type?.Coding.FirstOrDefault()?.Code ?? string.Empty,
            $"{draft.Decision.Series.System}|{draft.Decision.Series.Value}",
            $"{draft.Version.System}|{draft.Version.Value}",
            JsonSerializer.Serialize(document, FhirJson),
            JsonSerializer.Serialize(draft.Provenance.Resource, FhirJson),
            JsonSerializer.Serialize(draft.Device.Resource, FhirJson),
            [draft.Device.FullUrl, draft.Document.FullUrl, draft.Provenance.FullUrl],
            draft.UnsupportedStatements,
            time.GetUtcNow());
        await queue.Declared.WaitAsync(cancellationToken);
        await bus.Publish(ready, context =>
        {
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
        }, cancellationToken);
        return new DraftWriteResult($"{nameof(NoteDraftReady)}/{draft.Version.Value}", Created: true);
    }

    /// <summary>Nothing of the service's is in the EMR to retire.</summary>
    public Task RetireAsync(IReadOnlyList<DocumentReference> strays, CancellationToken cancellationToken) => Task.CompletedTask;
}
