using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Http;
using Microsoft.Extensions.Logging;

namespace FhirNoteService.Fhir.Auth;

/// <summary>
/// Asks the EMR's authorization server for an access token with a client assertion (<c>client_credentials</c>); finds
/// the token endpoint in the FHIR server's <c>.well-known/smart-configuration</c> unless configured. A refusal (400,
/// 401, 403) is permanent and named by its OAuth error code; an unreachable or failing endpoint (5xx, 429, timeout)
/// means the EMR is unavailable. Neither the assertion nor the token ever appears in a message.
/// </summary>
internal sealed partial class SmartTokenClient(
    IHttpClientFactory httpClients,
    FhirAuthOptions options,
    Uri fhirBase,
    ClientAssertion assertions,
    NoteTelemetry telemetry,
    TimeProvider time,
    ILogger logger)
{
    public const string HttpClientName = "fhir-token";

    private string? _tokenEndpoint = options.TokenUrl?.OriginalString;

    public string Scope { get; } = options.Scope is { Length: > 0 } scope ? scope : DefaultScopes.For(options.ScopeStyle);

    public async Task<AccessToken> RequestAsync(CancellationToken cancellationToken)
    {
        var endpoint = _tokenEndpoint ??= await DiscoverAsync(cancellationToken);
        var host = new Uri(endpoint).Host;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = Scope,
            ["client_assertion_type"] = ClientAssertion.Type,
            ["client_assertion"] = assertions.Create(endpoint),
        });
        var requested = time.GetUtcNow();
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = form }, $"the token endpoint at {host}", cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            telemetry.TokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", "refused"));
            throw new PermanentNoteFailureException(
                PermanentFailureKind.FhirAuthorizationRefused,
                $"the token endpoint at {host} refused the service's client assertion: HTTP {(int)response.StatusCode}{await OAuthErrorAsync(response, cancellationToken)}; check Fhir:Auth:ClientId, the key registered with the EMR (fhir-note-service jwks) and the scopes");
        }
        var answer = await ReadAsync(response, host, cancellationToken);
        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn is > 0 ? answer.ExpiresIn.Value : 300);
        // Renew RenewBefore ahead of expiry, but never sooner than half the token's life (a short-lived token would
        // otherwise be renewed on every call).
        var renewAt = requested + (lifetime - options.RenewBefore > lifetime / 2 ? lifetime - options.RenewBefore : lifetime / 2);
        telemetry.TokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", "granted"));
        LogGranted(logger, host, (int)lifetime.TotalSeconds);
        return new AccessToken(answer.AccessToken!, renewAt);
    }

    private async Task<string> DiscoverAsync(CancellationToken cancellationToken)
    {
        var configuration = FhirEndpoints.At(fhirBase, ".well-known/smart-configuration");
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, configuration), $"the FHIR server's SMART configuration at {configuration.Host}", cancellationToken);
        string? endpoint = null;
        if (response.IsSuccessStatusCode)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                endpoint = document.RootElement.TryGetProperty("token_endpoint", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            catch (JsonException)
            {
            }
        }
        return endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out _)
            ? endpoint
            : throw new PermanentNoteFailureException(
                PermanentFailureKind.FhirAuthorizationRefused,
                $"the FHIR server at {configuration.Host} names no token_endpoint in .well-known/smart-configuration (HTTP {(int)response.StatusCode}); set Fhir:Auth:TokenUrl");
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, string what, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var message = request();
            response = await httpClients.CreateClient(HttpClientName).SendAsync(message, cancellationToken);
        }
        catch (Exception error) when (TransportFailure.Describe(error, cancellationToken) is { } reason)
        {
            telemetry.TokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", "unavailable"));
            throw new DependencyUnavailableException(Dependency.FhirServer, $"{what}: {reason}");
        }
        if (TransportFailure.IsTransient(response.StatusCode))
        {
            response.Dispose();
            telemetry.TokenRequests.Add(1, new KeyValuePair<string, object?>("outcome", "unavailable"));
            throw new DependencyUnavailableException(Dependency.FhirServer, $"{what}: HTTP {(int)response.StatusCode}");
        }
        return response;
    }

    private static async Task<TokenAnswer> ReadAsync(HttpResponseMessage response, string host, CancellationToken cancellationToken)
    {
        TokenAnswer? answer = null;
        try
        {
            answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken);
        }
        catch (JsonException)
        {
        }
        return answer is { AccessToken.Length: > 0 }
            ? answer
            : throw new PermanentNoteFailureException(PermanentFailureKind.FhirAuthorizationRefused, $"the token endpoint at {host} answered HTTP {(int)response.StatusCode} without an access_token");
    }

    // The OAuth error code (RFC 6749 5.2) is a fixed vocabulary; error_description is free text and is not repeated.
    private static async Task<string> OAuthErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return document.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } code && OAuthErrorCode().IsMatch(code) ? $" ({code})" : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    [GeneratedRegex("^[a-z_]{1,40}$")]
    private static partial Regex OAuthErrorCode();

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token granted by {Host}, valid {Seconds} s")]
    private static partial void LogGranted(ILogger logger, string host, int seconds);

    private sealed record TokenAnswer(
        [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string? AccessToken,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int? ExpiresIn);
}
