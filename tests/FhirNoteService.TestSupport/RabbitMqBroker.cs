using System.Net.Sockets;
using RabbitMQ.Client;

namespace FhirNoteService.TestSupport;

/// <summary>
/// The real RabbitMQ broker on 127.0.0.1:5672 (started by .ci/run or deploy/rabbitmq/rabbitmq.sh), with a virtual
/// host of its own so that queues never leak between tests or benchmark runs.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    public const string Host = "127.0.0.1";
    public const int Port = 5672;

    public string VirtualHost { get; } = $"fhirnoteservice-test-{Guid.NewGuid():N}";

    private RabbitMqBroker()
    {
    }

    public static async Task<RabbitMqBroker> StartAsync()
    {
        var broker = new RabbitMqBroker();
        await broker.InitializeAsync();
        return broker;
    }

    private async Task InitializeAsync()
    {
        try
        {
            using var probe = new TcpClient();
            await probe.ConnectAsync(Host, Port);
        }
        catch (SocketException error)
        {
            throw new InvalidOperationException($"RabbitMQ is not running on {Host}:{Port}; start it with 'deploy/rabbitmq/rabbitmq.sh start'.", error);
        }
        await Processes.RunAsync("rabbitmqctl", $"-q add_vhost {VirtualHost}");
        await Processes.RunAsync("rabbitmqctl", $"-q set_permissions -p {VirtualHost} guest .* .* .*");
    }

    public async ValueTask DisposeAsync() => await Processes.RunAsync("rabbitmqctl", $"-q delete_vhost {VirtualHost}");

    public Task<IConnection> ConnectAsync() =>
        new ConnectionFactory { HostName = Host, Port = Port, VirtualHost = VirtualHost, UserName = "guest", Password = "guest" }.CreateConnectionAsync();

    /// <summary>Takes every message waiting in a queue, returning their bodies and headers.</summary>
    public async Task<List<BasicGetResult>> DrainAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messages = new List<BasicGetResult>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            messages.Add(message);
        }
        return messages;
    }
}
