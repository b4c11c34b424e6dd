namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>A test class with its own sandbox FHIR server and RabbitMQ virtual host, fresh for each test.</summary>
public abstract class FreshServersTest : IAsyncLifetime
{
    protected SandboxFhirServer Fhir { get; } = new();

    protected RabbitMqBroker Broker { get; } = new();

    public async Task InitializeAsync()
    {
        await Fhir.InitializeAsync();
        await Broker.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Fhir.DisposeAsync();
    }
}
