using FhirNoteService.TestSupport;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>A test class with its own sandbox FHIR server and RabbitMQ virtual host, fresh for each test.</summary>
public abstract class FreshServersTest : IAsyncLifetime
{
    protected SandboxFhirServer Fhir { get; private set; } = null!;

    protected RabbitMqBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fhir = await SandboxFhirServer.StartAsync();
        Broker = await RabbitMqBroker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Fhir.DisposeAsync();
    }
}
