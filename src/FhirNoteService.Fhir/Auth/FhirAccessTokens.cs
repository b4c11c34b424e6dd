using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir.Auth;

/// <summary>
/// The access token every FHIR request carries. SMART Backend Services: one token at a time, cached until shortly
/// before it expires and then renewed by one request while concurrent notes wait for it (one token request per expiry
/// window under any load); a token the server refused (401) is renewed once, unless another note already renewed it.
/// A fixed bearer token is handed out as it is; <c>none</c> has no token.
/// </summary>
public sealed class FhirAccessTokens : IDisposable
{
    private readonly SmartTokenClient? _smart;
    private readonly string? _fixed;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _renewal = new(1, 1);
    private AccessToken? _current;

    public FhirAccessTokens(IOptions<FhirServerOptions> options, IHttpClientFactory httpClients, Core.Pipeline.NoteTelemetry telemetry, TimeProvider time, ILogger<FhirAccessTokens> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var auth = options.Value.Auth;
        _time = time;
        switch (auth.Mode)
        {
            case FhirAuthModes.Bearer:
                _fixed = auth.BearerToken;
                break;
            case FhirAuthModes.SmartBackendServices:
                _smart = new SmartTokenClient(httpClients, auth, options.Value.BaseUrl!, new ClientAssertion(SigningKey.Load(auth), auth, time), telemetry, time, logger);
                break;
        }
    }

    /// <summary>True when requests carry a token.</summary>
    public bool Enabled => _smart is not null || _fixed is not null;

    /// <summary>True when a refused token can be renewed (SMART Backend Services).</summary>
    public bool Renewable => _smart is not null;

    public async ValueTask<string?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_smart is null)
        {
            return _fixed;
        }
        var current = Volatile.Read(ref _current);
        return current is not null && _time.GetUtcNow() < current.RenewAt ? current.Value : await RenewAsync(null, cancellationToken);
    }

    /// <summary>A token to use instead of <paramref name="refused"/>, which the FHIR server answered 401.</summary>
    public async ValueTask<string?> RenewAfterRefusalAsync(string refused, CancellationToken cancellationToken) =>
        _smart is null ? _fixed : await RenewAsync(refused, cancellationToken);

    public void Dispose() => _renewal.Dispose();

    private async Task<string> RenewAsync(string? refused, CancellationToken cancellationToken)
    {
        await _renewal.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited while another renewed takes that token: still fresh, and not the one refused.
            var current = _current;
            if (current is not null && _time.GetUtcNow() < current.RenewAt && !string.Equals(current.Value, refused, StringComparison.Ordinal))
            {
                return current.Value;
            }
            current = await _smart!.RequestAsync(cancellationToken);
            Volatile.Write(ref _current, current);
            return current.Value;
        }
        finally
        {
            _renewal.Release();
        }
    }
}
