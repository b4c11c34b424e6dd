using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace FhirNoteService.Messaging.Drafts;

/// <summary>
/// Declares the durable <c>note-drafts-ready</c> queue and binds it to NoteDraftReady's exchange (as MassTransit
/// declares that exchange: fanout, durable), retrying every 5 s while the broker is away, so that a draft published
/// before any review application ever consumed one waits for it. Publishing waits for this (<see cref="Declared"/>).
/// </summary>
public sealed partial class DraftReadyQueueDeclaration(IOptions<MessagingOptions> options, ILogger<DraftReadyQueueDeclaration> logger) : BackgroundService
{
    private readonly TaskCompletionSource _declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the queue and its binding exist.</summary>
    public Task Declared => _declared.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // MassTransit's name for the message type's exchange.
        if (string.Equals(options.Value.Transport, MessagingTransports.InMemory, StringComparison.OrdinalIgnoreCase))
        {
            _declared.TrySetResult();
            return;
        }
        const string exchange = $"{nameof(FhirNoteService)}.{nameof(Contracts)}:{nameof(Contracts.NoteDraftReady)}";
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await RabbitConnections.Factory(options.Value.RabbitMq, "fhir-note-service drafts").CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: stoppingToken);
                await channel.QueueDeclareAsync(DraftReadyPublisher.QueueName, durable: true, exclusive: false, autoDelete: false, cancellationToken: stoppingToken);
                await channel.QueueBindAsync(DraftReadyPublisher.QueueName, exchange, string.Empty, cancellationToken: stoppingToken);
                _declared.TrySetResult();
                return;
            }
            catch (Exception error) when (error is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException or IOException)
            {
                LogRetrying(logger, DraftReadyPublisher.QueueName, error.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not declare the {Queue} queue yet ({Problem}); trying again in 5 s")]
    private static partial void LogRetrying(ILogger logger, string queue, string problem);
}
