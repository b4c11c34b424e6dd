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

    /// <summary>The loopback broker's own user; it only works from this machine.</summary>
    public const string User = "guest";

    public string VirtualHost { get; } = $"fhirnoteservice-test-{Guid.NewGuid():N}";

    /// <summary>
    /// A worker's settings for this broker and virtual host, as configuration keys joined by <paramref name="separator"/>
    /// (":" for in-memory configuration, "__" for environment variables).
    /// </summary>
    public Dictionary<string, string> WorkerSettings(string separator = ":") => new()
    {
        [$"Messaging{separator}Transport"] = "RabbitMq",
        [$"Messaging{separator}RabbitMq{separator}Host"] = Host,
        [$"Messaging{separator}RabbitMq{separator}VirtualHost"] = VirtualHost,
        [$"Messaging{separator}RabbitMq{separator}Username"] = User,
        [$"Messaging{separator}RabbitMq{separator}Password"] = User,
    };

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

    /// <summary>Restarts the whole broker (every connection drops; durable queues and persistent messages survive).</summary>
    public static async Task RestartAsync()
    {
        await StopBrokerAsync();
        await StartBrokerAsync();
    }

    /// <summary>Stops the whole broker, as an outage would; <see cref="StartBrokerAsync"/> brings it back with its data.</summary>
    public static Task StopBrokerAsync() => Processes.RunAsync("bash", $"{Script} stop");

    public static Task StartBrokerAsync() => Processes.RunAsync("bash", $"{Script} start");

    private static string Script => Path.Combine(RepositoryPaths.Root, "deploy", "rabbitmq", "rabbitmq.sh");

    /// <summary>Messages in a queue of this virtual host, ready and unacknowledged; 0 when the queue does not exist.</summary>
    public async Task<int> MessagesInAsync(string queue)
    {
        var lines = await Processes.OutputOfAsync("rabbitmqctl", $"-q list_queues -p {VirtualHost} name messages --no-table-headers");
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(fields => fields.Length == 2 && fields[0] == queue)
            .Select(fields => int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
    }

    /// <summary>The names of the exchanges (RabbitMQ's own amq.* and default left out) and queues of this virtual host.</summary>
    public async Task<(IReadOnlyList<string> Exchanges, IReadOnlyList<string> Queues)> TopologyAsync()
    {
        static List<string> Names(string listing) => listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(name => !name.StartsWith("amq.", StringComparison.Ordinal))
            .ToList();
        var exchanges = await Processes.OutputOfAsync("rabbitmqctl", $"-q list_exchanges -p {VirtualHost} name --no-table-headers");
        var queues = await Processes.OutputOfAsync("rabbitmqctl", $"-q list_queues -p {VirtualHost} name --no-table-headers");
        return (Names(exchanges), Names(queues));
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
