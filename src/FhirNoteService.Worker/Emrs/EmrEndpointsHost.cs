namespace FhirNoteService.Worker.Emrs;

/// <summary>Starts and stops what runs in the background of each EMR's services (the audit trail, the drafts queue).</summary>
internal sealed class EmrEndpointsHost(EmrEndpoints endpoints) : IHostedService
{
    private readonly List<IHostedService> _started = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in endpoints.Names)
        {
            foreach (var service in endpoints.For(name)!.GetServices<IHostedService>())
            {
                await service.StartAsync(cancellationToken);
                _started.Add(service);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var service in Enumerable.Reverse(_started))
        {
            await service.StopAsync(cancellationToken);
        }
    }
}
