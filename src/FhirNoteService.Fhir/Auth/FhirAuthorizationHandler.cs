using System.Net;
using System.Net.Http.Headers;

namespace FhirNoteService.Fhir.Auth;

/// <summary>
/// Puts the access token on every FHIR request, closest to the wire (each retry carries the current token). On a 401
/// with a renewable token it renews the token once and sends the request once more; what that answers is the answer.
/// </summary>
internal sealed class FhirAuthorizationHandler(FhirAccessTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!tokens.Enabled)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        var token = await tokens.CurrentAsync(cancellationToken);
        if (tokens.Renewable && request.Content is not null)
        {
            // Kept, to send the same body again after a 401.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !tokens.Renewable)
        {
            return response;
        }
        response.Dispose();
        var again = await CopyAsync(request, cancellationToken);
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.RenewAfterRefusalAsync(token!, cancellationToken));
        return await base.SendAsync(again, cancellationToken);
    }

    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync(cancellationToken));
            foreach (var header in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }
        return copy;
    }
}
