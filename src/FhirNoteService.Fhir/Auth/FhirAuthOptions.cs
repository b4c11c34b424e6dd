namespace FhirNoteService.Fhir.Auth;

/// <summary>How the service authenticates to the EMR's FHIR server. Section <c>Fhir:Auth</c>.</summary>
public sealed class FhirAuthOptions
{
    /// <summary><c>none</c> (an open server, the sandbox), <c>bearer</c> (a fixed token) or <c>smart-backend-services</c>.</summary>
    public string Mode { get; set; } = FhirAuthModes.None;

    /// <summary>The fixed access token of <c>bearer</c>; keep it in a secret.</summary>
    public string? BearerToken { get; set; }

    /// <summary>SMART Backend Services: the client id the EMR registered the service under (the assertion's iss and sub).</summary>
    public string? ClientId { get; set; }

    /// <summary>The token endpoint; unset: read from <c>{Fhir:BaseUrl}/.well-known/smart-configuration</c>.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>The scopes asked for; unset: what the service reads and writes, in <see cref="ScopeStyle"/>.</summary>
    public string? Scope { get; set; }

    /// <summary><c>v2</c> (<c>system/Encounter.rs</c>, SMART 2) or <c>v1</c> (<c>system/Encounter.read</c>), for the default scopes.</summary>
    public string ScopeStyle { get; set; } = "v2";

    /// <summary>The private key as PEM (PKCS#8, PKCS#1 or SEC1) or a JWK (JSON); keep it in a secret.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A file holding the private key (PEM or JWK), e.g. a mounted Secret; instead of <see cref="PrivateKey"/>.</summary>
    public string? PrivateKeyFile { get; set; }

    /// <summary>The key's id (the assertion's <c>kid</c>, as registered in the JWKS); unset: the JWK's own <c>kid</c>.</summary>
    public string? KeyId { get; set; }

    /// <summary><c>RS384</c> or <c>ES384</c>; unset: from the key (RSA or EC P-384).</summary>
    public string? Algorithm { get; set; }

    /// <summary>The registered JWK Set URL, sent as the assertion's <c>jku</c> header when set.</summary>
    public Uri? JwksUrl { get; set; }

    /// <summary>How long before its expiry an access token is renewed.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The client assertion's lifetime (<c>exp</c> minus now): at most 5 minutes.</summary>
    public TimeSpan AssertionLifetime { get; set; } = TimeSpan.FromMinutes(4);
}

/// <summary>The values of <see cref="FhirAuthOptions.Mode"/>.</summary>
public static class FhirAuthModes
{
    public const string None = "none";
    public const string Bearer = "bearer";
    public const string SmartBackendServices = "smart-backend-services";

    public static IReadOnlyList<string> All { get; } = [None, Bearer, SmartBackendServices];
}
