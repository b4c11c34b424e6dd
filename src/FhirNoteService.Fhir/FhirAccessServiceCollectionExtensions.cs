using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir.Reading;
using FhirNoteService.Fhir.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FhirNoteService.Fhir;

/// <summary>Registers FHIR access: the context reader, the draft writer and their resilient HttpClient.</summary>
public static class FhirAccessServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IClinicalContextReader"/> and <see cref="IDraftWriter"/> for the server in the <c>Fhir</c> settings.
    /// Transient HTTP failures (5xx, 408, 429 honouring Retry-After, timeouts) are retried with jittered backoff.
    /// </summary>
    public static IServiceCollection AddFhirAccess(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<FhirServerOptions, FhirServerOptionsValidator>(FhirServerOptions.SectionName);
        services.AddHttpClient(FhirClientFactory.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                var options = provider.GetRequiredService<IOptions<FhirServerOptions>>().Value;
                client.MaxResponseContentBufferSize = options.MaxResponseBytes;
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Outermost, so that retries and their back-off count as time spent waiting on the dependency.
            .AddHttpMessageHandler(() => new ExternalCallTimingHandler())
            .AddResilienceHandler("fhir", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<FhirServerOptions>>().Value;
                pipeline.AddTimeout(options.Timeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    Delay = TimeSpan.FromMilliseconds(200),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddTimeout(options.Timeout / 3);
            });
        services.AddSingleton<FhirClientFactory>();
        services.AddSingleton<IClinicalContextReader, FhirBatchContextReader>();
        services.AddSingleton<IDraftWriter, FhirTransactionDraftWriter>();
        return services;
    }
}
