using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// Builds the chat client pipeline for a model profile: OpenTelemetry (no message content), metadata-only logging,
/// and the identity guard closest to the wire. Retries, Retry-After, the circuit breaker and the per-attempt timeout
/// live in the resilient <c>model</c> HttpClient underneath, so the SDKs' own retries are switched off.
/// </summary>
internal sealed class ChatClientFactory(IHttpClientFactory httpClients, ILoggerFactory loggers)
{
    public const string HttpClientName = "model";

    public IChatClient Create(ModelProfile profile)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var inner = profile.Provider switch
        {
            GenerationProviders.OpenAi => new OpenAI.Chat.ChatClient(profile.Model, Key(profile), new OpenAIClientOptions
            {
                Endpoint = profile.Endpoint,
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            }).AsIChatClient(),
            GenerationProviders.AzureOpenAi => new AzureOpenAIClient(profile.Endpoint, Key(profile), new AzureOpenAIClientOptions
            {
                Transport = new HttpClientPipelineTransport(http),
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            }).GetChatClient(profile.Model).AsIChatClient(),
            GenerationProviders.Ollama => OllamaClient(http, profile),
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile.Provider, "Unknown model provider."),
        };
        return new ChatClientBuilder(inner)
            .UseOpenTelemetry(loggers, NoteTelemetry.Name, otel => otel.EnableSensitiveData = false)
            .Use(next => new ModelCallLoggingChatClient(next, loggers.CreateLogger<ModelCallLoggingChatClient>(), profile.Identity.Id))
            .Use(next => new IdentityGuardChatClient(next))
            .Build();
    }

    private static ApiKeyCredential Key(ModelProfile profile) => new(string.IsNullOrEmpty(profile.ApiKey) ? "no-key" : profile.ApiKey);

    private static OllamaApiClient OllamaClient(HttpClient http, ModelProfile profile)
    {
        http.BaseAddress = profile.Endpoint;
        return new OllamaApiClient(http, profile.Model);
    }
}
