using FhirNoteService.Core.CatchUp;
using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir.Audit;
using FhirNoteService.Fhir.Auth;
using FhirNoteService.Fhir.CatchUp;
using FhirNoteService.Fhir.Reading;
using FhirNoteService.Fhir.Writing;
using FhirNoteService.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace FhirNoteService.Fhir;

/// <summary>Registers FHIR access: the context reader, the draft writer and their resilient HttpClient.</summary>
public static class FhirAccessServiceCollectionExtensions
{
    /// <summary>Retries of a transient FHIR failure within one request; each attempt gets an equal share of <c>Fhir:Timeout</c>.</summary>
    public const int RetryAttempts = 2;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter, unless the server sends Retry-After.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Adds <see cref="IClinicalContextReader"/> and <see cref="IDraftWriter"/> for the server in the <c>Fhir</c> settings.
    /// Transient HTTP failures (5xx, 408, 429 honouring Retry-After, timeouts) are retried with jittered backoff.
    /// </summary>
    public static IServiceCollection AddFhirAccess(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<FhirServerOptions, FhirServerOptionsValidator>(FhirServerOptions.SectionName);
        services.AddDependencyHttpClient(FhirClientFactory.HttpClientName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<FhirServerOptions>>().Value;
                pipeline.AddTimeout(options.Timeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = RetryAttempts,
                    Delay = FirstRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddTimeout(options.Timeout / (RetryAttempts + 1));
            })
            .ConfigureHttpClient((provider, client) => client.MaxResponseContentBufferSize = provider.GetRequiredService<IOptions<FhirServerOptions>>().Value.MaxResponseBytes)
            .AddHttpMessageHandler<FhirAuthorizationHandler>();
        services.AddHttpClient(SmartTokenClient.HttpClientName)
            .ConfigureHttpClient((provider, client) => client.Timeout = provider.GetRequiredService<IOptions<FhirServerOptions>>().Value.Timeout);
        services.AddSingleton<FhirAccessTokens>();
        services.AddTransient<FhirAuthorizationHandler>();
        services.AddSingleton<FhirClientFactory>();
        // What the token cache and the audit trail count with, for the hosts that draft nothing (subscribe, backfill).
        services.AddMetrics();
        services.TryAddSingleton<NoteTelemetry>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddAudit();
        services.AddSingleton<IClinicalContextReader, FhirBatchContextReader>();
        services.AddSingleton(CreateDraftWriter);
        services.AddSingleton<IFinishedEncounterSearch, FhirFinishedEncounterSearch>();
        services.AddSingleton<Subscriptions.SubscriptionSetup>();
        return services;
    }

    /// <summary>
    /// The FHIR draft writer of the configured write profile: single requests, or one transaction (the default). The
    /// no-draft-state profile's writer is the bus's (Messaging), which replaces this one.
    /// </summary>
    public static IDraftWriter CreateDraftWriter(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<FhirServerOptions>>().Value.WriteProfile == WriteProfiles.SingleRequests
            ? ActivatorUtilities.CreateInstance<SingleRequestDraftWriter>(provider)
            : ActivatorUtilities.CreateInstance<FhirTransactionDraftWriter>(provider);

    /// <summary>
    /// The audit trail of context reads and draft writes (<c>Audit</c> settings): BALP AuditEvents sent in the
    /// background to the audit repository, or nothing when <c>Audit:BaseUrl</c> is empty.
    /// </summary>
    private static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddValidatedOptions<AuditOptions, AuditOptionsValidator>(AuditOptions.SectionName);
        services.AddHttpClient(FhirAuditTrail.HttpClientName);
        services.AddSingleton<FhirAuditTrail>();
        services.AddSingleton<IAuditTrail>(provider => provider.GetRequiredService<FhirAuditTrail>());
        services.AddHostedService(provider => provider.GetRequiredService<FhirAuditTrail>());
        return services;
    }

    /// <summary>
    /// Readiness for drafting: the FHIR server answers (<see cref="FhirEndpoints.Readiness"/>); and the start-up check of
    /// the write profile against its CapabilityStatement (<see cref="FhirCapabilityCheck"/>). (The event receiver does
    /// without: it takes events while the EMR is down.)
    /// </summary>
    public static IServiceCollection AddFhirReadiness(this IServiceCollection services) =>
        services.AddSingleton<FhirCapabilityCheck>().AddReachabilityCheck("fhir", "the FHIR server", provider =>
            provider.GetRequiredService<IOptions<FhirServerOptions>>().Value.BaseUrl is { } baseUrl ? [FhirEndpoints.Readiness(baseUrl)] : []);
}
