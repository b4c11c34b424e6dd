using System.Collections.Concurrent;
using System.Text.Json;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>Sits closest to the wire on the worker's FHIR HttpClient and records every request it sends.</summary>
public sealed class FhirRequestCounter : DelegatingHandler
{
    public ConcurrentQueue<(HttpMethod Method, string Path, string? BundleType)> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? bundleType = null;
        if (request.Content is not null)
        {
            using var body = JsonDocument.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
            var root = body.RootElement;
            bundleType = root.TryGetProperty("resourceType", out var resourceType) && resourceType.GetString() == "Bundle"
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        Requests.Enqueue((request.Method, request.RequestUri!.AbsolutePath, bundleType));
        return await base.SendAsync(request, cancellationToken);
    }
}
