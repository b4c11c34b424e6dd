using System.Text.Json;
using MassTransit;

namespace FhirNoteService.Messaging.Intake;

/// <summary>
/// A MassTransit envelope, as far as the worker uses it: the message, which must be an encounter event, and the
/// message, conversation and correlation ids. Everything else it may carry is ignored on purpose, above all
/// <c>faultAddress</c>, <c>responseAddress</c>, <c>requestId</c> and <c>headers</c>: where faults and answers go is
/// the worker's configuration, not the sender's choice.
/// </summary>
internal sealed record Envelope(JsonElement Message, EnvelopeIds Ids)
{
    /// <summary>The message type MassTransit publishers name an encounter event by.</summary>
    public static readonly string EncounterEventType = MessageUrn.ForTypeString<Contracts.EncounterEvent>();

    public static Envelope Read(JsonElement root)
    {
        if (JsonProperties.Find(root, "messageType") is not { ValueKind: JsonValueKind.Array } types)
        {
            throw EventBody.Refusal("the envelope has no messageType list; a MassTransit envelope names its message types");
        }
        if (!types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == EncounterEventType))
        {
            throw EventBody.Refusal($"the envelope's message types do not include {EncounterEventType}, the only message this worker consumes");
        }
        if (JsonProperties.Find(root, "message") is not { ValueKind: JsonValueKind.Object } message)
        {
            throw EventBody.Refusal("the envelope has no message object");
        }
        return new Envelope(message, new EnvelopeIds(Id(root, "messageId"), Id(root, "conversationId"), Id(root, "correlationId")));
    }

    private static Guid? Id(JsonElement root, string name) =>
        JsonProperties.Find(root, name) is { ValueKind: JsonValueKind.String } value && Guid.TryParse(value.GetString(), out var id) ? id : null;
}
