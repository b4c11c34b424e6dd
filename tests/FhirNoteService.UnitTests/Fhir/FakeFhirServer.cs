using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FhirNoteService.Core;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.UnitTests.Fhir;

/// <summary>An HttpMessageHandler that records FHIR requests and answers them from a callback.</summary>
internal sealed class FakeFhirServer : HttpMessageHandler
{
    private static readonly FhirJsonDeserializer Parser = new();

    public ConcurrentQueue<(HttpMethod Method, Uri Uri, Bundle? Body, string? Prefer)> Requests { get; } = new();

    public Func<Bundle?, (HttpStatusCode Status, Resource? Body)> Answer { get; set; } = _ => (HttpStatusCode.OK, null);

    public ServiceProvider BuildServices(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Fhir:BaseUrl"] = "http://emr.test/fhir/" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddMetrics();
        services.AddNoteDrafting();
        services.AddFhirAccess();
        services.AddHttpClient(FhirClientFactory.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => this);
        return services.BuildServiceProvider();
    }

    public static IClinicalContextReader Reader(ServiceProvider services) => services.GetRequiredService<IClinicalContextReader>();

    public static IDraftWriter Writer(ServiceProvider services) => services.GetRequiredService<IDraftWriter>();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Bundle? body = null;
        if (request.Content is not null)
        {
            body = Parser.Deserialize<Bundle>(await request.Content.ReadAsStringAsync(cancellationToken));
        }
        var prefer = request.Headers.TryGetValues("Prefer", out var values) ? string.Join(", ", values) : null;
        Requests.Enqueue((request.Method, request.RequestUri!, body, prefer));
        var (status, resource) = Answer(body);
        return new HttpResponseMessage(status)
        {
            Content = new StringContent(resource is null ? string.Empty : resource.ToJson(), Encoding.UTF8, "application/fhir+json"),
        };
    }
}
