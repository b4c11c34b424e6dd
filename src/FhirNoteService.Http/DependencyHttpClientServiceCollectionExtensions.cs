using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace FhirNoteService.Http;

/// <summary>The one way the service builds an HttpClient for a dependency (the FHIR server, a model endpoint).</summary>
public static class DependencyHttpClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the named HttpClient: no HttpClient timeout of its own (the <paramref name="resilience"/> pipeline's
    /// timeouts govern), the time spent waiting on the dependency counted per note, and the resilience pipeline.
    /// </summary>
    public static IHttpClientBuilder AddDependencyHttpClient(
        this IServiceCollection services,
        string name,
        Action<ResiliencePipelineBuilder<HttpResponseMessage>, ResilienceHandlerContext> resilience)
    {
        ArgumentNullException.ThrowIfNull(services);
        var client = services.AddHttpClient(name)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            // Outermost, so that retries and their back-off count as time spent waiting on the dependency.
            .AddHttpMessageHandler(() => new ExternalCallTimingHandler());
        client.AddResilienceHandler(name, resilience);
        return client;
    }
}
