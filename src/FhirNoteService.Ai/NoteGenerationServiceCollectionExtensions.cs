using FhirNoteService.Ai.Languages;
using FhirNoteService.Ai.Models;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace FhirNoteService.Ai;

/// <summary>Registers the note generators chosen by the <c>Generation</c> settings.</summary>
public static class NoteGenerationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the configured <see cref="INoteGenerator"/> (the offline generator by default; a model per note type where
    /// configured) and the resilient <c>model</c> HttpClient: per-attempt timeout, retries with jittered exponential
    /// backoff that honour Retry-After on 429/503, and a circuit breaker.
    /// </summary>
    public static IServiceCollection AddNoteGeneration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<GenerationOptions, GenerationOptionsValidator>(GenerationOptions.SectionName);
        services.AddSingleton(provider => LanguagePacks.Load(provider.GetRequiredService<IOptions<GenerationOptions>>().Value.LanguagePacks));
        services.AddSingleton<IValidateOptions<DraftOptions>, DraftLanguageValidation>();
        services.AddSingleton<IValidateOptions<NoteRuleOptions>, NoteRuleResourcesValidation>();
        services.AddDependencyHttpClient(ChatClientFactory.HttpClientName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<GenerationOptions>>().Value;
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(options.MaxRetries, 1),
                    ShouldHandle = options.MaxRetries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.BreakerFailureRatio,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    SamplingDuration = options.BreakerSamplingDuration,
                    BreakDuration = options.BreakerBreakDuration,
                });
                pipeline.AddTimeout(options.Timeout);
            });
        services.AddSingleton<OfflineNoteGenerator>();
        services.AddSingleton<ChatClientFactory>();
        services.AddSingleton<NoteGeneratorRouter>();
        services.AddSingleton<INoteGenerator>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<GenerationOptions>>().Value;
            var verifier = ModelProfile.Resolve(settings, settings.Verifier, inherit: false) is { } profile
                ? new StatementVerifier(provider.GetRequiredService<ChatClientFactory>().Create(profile), profile.Identity.Id, provider.GetRequiredService<ILogger<StatementVerifier>>())
                : null;
            return new ContractedNoteGenerator(provider.GetRequiredService<NoteGeneratorRouter>(), provider.GetRequiredService<LanguagePacks>(), verifier);
        });
        return services;
    }

    /// <summary>Readiness for drafting: every model endpoint answers (nothing to check when every note is drafted offline).</summary>
    public static IServiceCollection AddModelReadiness(this IServiceCollection services) =>
        services.AddReachabilityCheck("model", "the model endpoint", provider => ModelEndpoints(provider.GetRequiredService<IOptions<GenerationOptions>>().Value));

    // Every model endpoint a note can go to (the default model, per-note-type and named profiles, the verifier);
    // none when every note is drafted offline.
    private static List<Uri> ModelEndpoints(GenerationOptions options) =>
        new[] { new ModelProfileOptions { Provider = options.Provider, Endpoint = options.Endpoint }, options.Verifier }
            .Concat(options.NoteTypes.Values)
            .Concat(options.Profiles.Values)
            .Where(profile => profile.Provider is not null && profile.Provider != GenerationProviders.Offline && profile.Endpoint is not null)
            .Select(profile => profile.Endpoint!)
            .Distinct()
            .ToList();
}
