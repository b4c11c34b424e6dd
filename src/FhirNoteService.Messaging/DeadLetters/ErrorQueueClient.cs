using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Messaging.Intake;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace FhirNoteService.Messaging.DeadLetters;

/// <summary>
/// The encounter events MassTransit moved to the error queue: lists them with their reasons, and re-publishes chosen
/// ones to the worker's queue once the cause is fixed. A re-published message is acknowledged in the error queue only
/// after RabbitMQ has confirmed the copy, so nothing is lost if the command is interrupted.
/// </summary>
public sealed class ErrorQueueClient(IOptions<MessagingOptions> options)
{
    public const string QueueName = EncounterEventConsumerDefinition.QueueName + "_error";

    // Guards against reading forever when other processes keep dead-lettering while we read.
    private const int MaxMessages = 100_000;

    /// <summary>Reads up to <paramref name="max"/> dead letters without removing any.</summary>
    public Task<IReadOnlyList<DeadLetter>> ListAsync(int max, CancellationToken cancellationToken) =>
        VisitAsync(max, _ => false, cancellationToken);

    /// <summary>Re-publishes the dead letters <paramref name="select"/> picks to the worker's queue; returns them.</summary>
    public async Task<IReadOnlyList<DeadLetter>> RepublishAsync(Func<DeadLetter, bool> select, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(select);
        return (await VisitAsync(MaxMessages, select, cancellationToken)).Where(select).ToList();
    }

    private async Task<IReadOnlyList<DeadLetter>> VisitAsync(int max, Func<DeadLetter, bool> republish, CancellationToken cancellationToken)
    {
        var factory = RabbitConnections.Factory(options.Value.RabbitMq, "fhir-note-service errors");
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var letters = new List<DeadLetter>();
        var keep = new List<ulong>();
        // Unacknowledged messages are not handed out again on this channel, so this reads each one once.
        while (letters.Count < max && await channel.BasicGetAsync(QueueName, autoAck: false, cancellationToken) is { } message)
        {
            var letter = Read(letters.Count + 1, message);
            letters.Add(letter);
            if (republish(letter))
            {
                await channel.BasicPublishAsync(string.Empty, EncounterEventConsumerDefinition.QueueName, mandatory: true, WithoutFault(message.BasicProperties), message.Body, cancellationToken);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            }
            else
            {
                keep.Add(message.DeliveryTag);
            }
        }
        foreach (var tag in keep)
        {
            await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
        }
        return letters;
    }

    private DeadLetter Read(int position, BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
        var reason = Header(headers, "MT-Fault-Message") ?? "(no fault message)";
        var exceptionType = Header(headers, "MT-Fault-ExceptionType");
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var kind = colon > 0 && !reason[..colon].Contains(' ', StringComparison.Ordinal)
            ? reason[..colon]
            : exceptionType?.Split('.').Last() ?? "Unknown";
        var faultedAt = DateTimeOffset.TryParse(Header(headers, "MT-Fault-Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        var id = message.BasicProperties.MessageId ?? Header(headers, "MessageId") ?? BodyId(message.Body.Span);
        return new DeadLetter(position, id, faultedAt, kind, reason, EncounterOf(message));
    }

    /// <summary>
    /// The id of a message its publisher sent without one (plain JSON from an integration engine): derived from its body,
    /// so that it is the same every time the error queue is read and <c>errors republish --message-id</c> can pick it.
    /// Identical bodies share it, and are republished together.
    /// </summary>
    public static string BodyId(ReadOnlySpan<byte> body) => $"body-{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}";

    private static string? Header(IDictionary<string, object?> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            null => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;

    // Read as the worker reads it (envelope or plain JSON, compressed or not): a body the worker refused names no
    // encounter, and neither does one that gives its reference twice, since showing either one would mislead.
    private string? EncounterOf(BasicGetResult message)
    {
        try
        {
            var labels = new BodyLabels(message.BasicProperties.ContentType, message.BasicProperties.ContentEncoding);
            return EventBody.Read(message.Body.Span, labels, options.Value.MaxEventBytes).Event.EncounterReference;
        }
        catch (PermanentNoteFailureException)
        {
            return null;
        }
    }

    // The copy starts afresh: the fault headers of its last failure would only mislead.
    private static BasicProperties WithoutFault(IReadOnlyBasicProperties original)
    {
        var copy = new BasicProperties(original);
        if (copy.Headers is { } headers)
        {
            copy.Headers = headers.Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                .ToDictionary(h => h.Key, h => h.Value);
        }
        return copy;
    }
}
