using System.Net.Http.Headers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirNoteService.Http;

/// <summary>
/// Readiness of a dependency over HTTP: one GET with a short timeout and no retries (the probe itself is retried by
/// whoever asks). Any answer below 500 means the server is there, even 401 or 404: readiness is about reaching it,
/// and a refused credential shows up on the first note. The description names the host, never a path or a query.
/// </summary>
public sealed class ReachabilityHealthCheck(IHttpClientFactory httpClients, string dependency, Func<IReadOnlyList<Uri>> targets) : IHealthCheck
{
    /// <summary>The HttpClient the checks share: no resilience handlers, a timeout of its own.</summary>
    public const string HttpClientName = "health";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var urls = targets();
        if (urls.Count == 0)
        {
            return HealthCheckResult.Healthy($"{dependency}: nothing to reach");
        }
        foreach (var url in urls)
        {
            if (await ProblemAsync(url, cancellationToken) is { } problem)
            {
                return HealthCheckResult.Unhealthy($"{dependency} at {url.Host}: {problem}");
            }
        }
        return HealthCheckResult.Healthy($"{dependency} reachable");
    }

    private async Task<string?> ProblemAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return (int)response.StatusCode >= 500 ? $"answered {(int)response.StatusCode}" : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }
        catch (HttpRequestException failure)
        {
            return failure.HttpRequestError == HttpRequestError.Unknown ? "unreachable" : $"unreachable ({failure.HttpRequestError})";
        }
    }
}
