using System.Text;
using System.Text.Json;
using FhirNoteService.Contracts;
using FhirNoteService.Messaging;
using FhirNoteService.TestSupport;
using RabbitMQ.Client;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>Publishes encounter events as a non-MassTransit client would: plain JSON on the encounter-events exchange.</summary>
internal static class EventPublisher
{
    private static readonly JsonSerializerOptions Camel = new(JsonSerializerDefaults.Web);

    public static string Json(EncounterEvent encounterEvent) => JsonSerializer.Serialize(encounterEvent, Camel);

    /// <summary>Publishes, as plain JSON, a "finished" event for each encounter reference, in order.</summary>
    public static Task PublishFinishedAsync(RabbitMqBroker broker, IEnumerable<string> encounters) =>
        PublishRawAsync(broker, encounters.Select(e => Json(new EncounterEvent(e, EncounterEventKinds.Finished, DateTimeOffset.UtcNow))).ToArray());

    public static Task PublishRawAsync(RabbitMqBroker broker, params string[] bodies) => PublishRawAsync(broker, "application/json", bodies);

    /// <summary>Publishes with the given content type, or with none at all when it is null.</summary>
    public static Task PublishRawAsync(RabbitMqBroker broker, string? contentType, IReadOnlyList<string> bodies) =>
        PublishAsync(broker, bodies.Select(b => new RawMessage(Encoding.UTF8.GetBytes(b), contentType)));

    /// <summary>Publishes each message exactly as given: body bytes, content type and encoding, message id, headers.</summary>
    public static async Task PublishAsync(RabbitMqBroker broker, IEnumerable<RawMessage> messages)
    {
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var message in messages)
        {
            var properties = new BasicProperties
            {
                ContentType = message.ContentType,
                ContentEncoding = message.ContentEncoding,
                MessageId = message.MessageId,
                Headers = message.Headers,
                DeliveryMode = DeliveryModes.Persistent,
            };
            await channel.BasicPublishAsync(EncounterEventConsumerDefinition.QueueName, string.Empty, false, properties, message.Body);
        }
    }
}

/// <summary>A message as an AMQP client sends it, every property the sender's choice.</summary>
internal sealed record RawMessage(
    byte[] Body,
    string? ContentType = "application/json",
    string? ContentEncoding = null,
    string? MessageId = null,
    IDictionary<string, object?>? Headers = null);
