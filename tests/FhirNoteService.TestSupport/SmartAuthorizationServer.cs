using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirNoteService.TestSupport;

/// <summary>
/// An EMR's authorization server and its protected FHIR endpoint, as strict as SMART Backend Services asks: the token
/// endpoint verifies each client assertion with Microsoft.IdentityModel against the JWK Set the client registered
/// (signature, <c>alg</c>, <c>kid</c>, <c>typ</c>, <c>iss</c> = <c>sub</c> = the client id, <c>aud</c> = the token URL,
/// <c>exp</c> at most 5 minutes ahead, a <c>jti</c> never seen before), the grant and assertion types and system
/// scopes, and issues short-lived bearer tokens; the FHIR endpoint (<c>{BaseUrl}</c>, forwarding to the sandbox)
/// answers 401 to a request without a valid, unexpired, unrevoked token, and publishes
/// <c>.well-known/smart-configuration</c>.
/// </summary>
public sealed class SmartAuthorizationServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _jtis = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler _handler = new();
    private SecurityKey? _registered;
    private string? _algorithm;
    private int _unauthorized;

    private SmartAuthorizationServer(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(2) };
    }

    public const string ClientId = "fhir-note-service-test";

    /// <summary>The protected FHIR base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Uri TokenUrl { get; private set; } = null!;

    /// <summary>How long the tokens it issues live (<c>expires_in</c>).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When set, every token request is refused with 401 <c>invalid_client</c> (a revoked registration).</summary>
    public bool RefuseAll { get; set; }

    /// <summary>When each token was granted (stopwatch time since the server started).</summary>
    public ConcurrentQueue<TimeSpan> Grants { get; } = new();

    /// <summary>Why assertions were refused: must stay empty for a well-behaved client.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>The tokens issued, to look for in logs.</summary>
    public IEnumerable<string> IssuedTokens => _tokens.Keys;

    public int Unauthorized => Volatile.Read(ref _unauthorized);

    private Stopwatch Clock { get; } = Stopwatch.StartNew();

    public static async Task<SmartAuthorizationServer> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new SmartAuthorizationServer(app, upstream);
        app.MapPost("/auth/token", server.TokenAsync);
        app.MapGet("/fhir/.well-known/smart-configuration", server.ConfigurationAsync);
        app.Map("/fhir/{**path}", server.FhirAsync);
        await app.StartAsync();
        var root = app.Urls.First();
        server.BaseUrl = new Uri($"{root}/fhir/");
        server.TokenUrl = new Uri($"{root}/auth/token");
        return server;
    }

    /// <summary>Registers the client's public JWK Set (what <c>fhir-note-service jwks</c> prints) and the algorithm it signs with.</summary>
    public void Register(string jwkSet, string algorithm)
    {
        _registered = new JsonWebKeySet(jwkSet).Keys.Single();
        _algorithm = algorithm;
    }

    /// <summary>Revokes every token issued so far: the FHIR endpoint answers 401 to them.</summary>
    public void RevokeAll() => _tokens.Clear();

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task ConfigurationAsync(HttpContext context) => context.Response.WriteAsJsonAsync(new
    {
        token_endpoint = TokenUrl.AbsoluteUri,
        token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
        token_endpoint_auth_signing_alg_values_supported = new[] { "RS384", "ES384" },
        grant_types_supported = new[] { "client_credentials" },
        scopes_supported = new[] { "system/*.rs", "system/DocumentReference.cruds" },
        capabilities = new[] { "client-confidential-asymmetric" },
    });

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var problem = RefuseAll ? "the client's registration is revoked" : await ProblemAsync(form);
        if (problem is not null)
        {
            Refusals.Enqueue(problem);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_client", error_description = problem });
            return;
        }
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        Grants.Enqueue(Clock.Elapsed);
        await context.Response.WriteAsJsonAsync(new { access_token = token, token_type = "bearer", expires_in = (int)TokenLifetime.TotalSeconds, scope = (string?)form["scope"] });
    }

    private async Task<string?> ProblemAsync(IFormCollection form)
    {
        if (form["grant_type"] != "client_credentials")
        {
            return "grant_type is not client_credentials";
        }
        if (form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        {
            return "client_assertion_type is not jwt-bearer";
        }
        if (form["scope"].ToString() is not { Length: > 0 } scope || !scope.Split(' ').All(s => s.StartsWith("system/", StringComparison.Ordinal)))
        {
            return "scope is not a list of system scopes";
        }
        var result = await _handler.ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            IssuerSigningKey = _registered,
            ValidAlgorithms = [_algorithm!],
            ValidIssuer = ClientId,
            ValidAudience = TokenUrl.AbsoluteUri,
            ValidTypes = ["JWT"],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(5),
        });
        if (!result.IsValid)
        {
            return $"assertion invalid: {result.Exception?.GetType().Name}";
        }
        var jwt = (JsonWebToken)result.SecurityToken;
        if (jwt.Kid != _registered!.KeyId)
        {
            return $"kid {jwt.Kid} is not the registered key's";
        }
        if (jwt.Subject != ClientId)
        {
            return "sub is not the client id";
        }
        if (jwt.ValidTo > DateTime.UtcNow.AddMinutes(5).AddSeconds(5))
        {
            return "exp is more than 5 minutes ahead";
        }
        if (string.IsNullOrEmpty(jwt.Id) || !_jtis.TryAdd(jwt.Id, 0))
        {
            return "jti missing or used before";
        }
        return null;
    }

    private async Task FhirAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        if (token is null || !_tokens.TryGetValue(token, out var expires) || expires < DateTimeOffset.UtcNow)
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await context.Response.WriteAsJsonAsync(JsonDocument.Parse("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login"}]}""").RootElement);
            return;
        }
        using var reader = new StreamReader(context.Request.Body);
        await FhirForwarding.ForwardAsync(context, _upstream, context.Request.Path.Value!["/fhir".Length..], await reader.ReadToEndAsync());
    }
}
