using RabbitMQ.Client;

namespace FhirNoteService.Messaging;

/// <summary>Connections to the broker in <c>Messaging:RabbitMq</c> outside MassTransit, for the service's own tools.</summary>
internal static class RabbitConnections
{
    public static ConnectionFactory Factory(RabbitMqOptions rabbit, string clientName) => new()
    {
        HostName = rabbit.Host,
        Port = rabbit.Port,
        VirtualHost = rabbit.VirtualHost,
        UserName = rabbit.Username,
        Password = rabbit.Password,
        ClientProvidedName = clientName,
        Ssl = { Enabled = rabbit.UseTls, ServerName = rabbit.Host },
    };
}
