using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace FhirNoteService.Fhir.Auth;

/// <summary>
/// The private key that signs SMART Backend Services client assertions, RS384 (RSA, 2048 bits or more) or ES384 (EC
/// P-384), loaded from PEM or a JWK, with its key id (configured, the JWK's own, or the RFC 7638 thumbprint of its
/// public key). Problems are described by the setting they concern, never by the key's content.
/// </summary>
internal sealed class SigningKey
{
    private SigningKey(AsymmetricSecurityKey key, string algorithm, JsonWebKey publicKey)
    {
        Key = key;
        Algorithm = algorithm;
        PublicKey = publicKey;
    }

    public AsymmetricSecurityKey Key { get; }

    /// <summary><c>RS384</c> or <c>ES384</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The public half as a JWK (kid, alg, use), for the JWK Set the EMR registers.</summary>
    public JsonWebKey PublicKey { get; }

    public string KeyId => Key.KeyId;

    /// <summary>Loads the key the settings name, or says what is wrong with them.</summary>
    public static SigningKey Load(FhirAuthOptions options) =>
        TryLoad(options, out var key, out var problem) ? key! : throw new InvalidOperationException(problem);

    public static bool TryLoad(FhirAuthOptions options, out SigningKey? key, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        key = null;
        string text;
        try
        {
            text = !string.IsNullOrWhiteSpace(options.PrivateKey) ? options.PrivateKey : File.ReadAllText(options.PrivateKeyFile!);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            problem = $"Fhir:Auth:PrivateKeyFile cannot be read ({error.GetType().Name})";
            return false;
        }
        var setting = string.IsNullOrWhiteSpace(options.PrivateKey) ? "Fhir:Auth:PrivateKeyFile" : "Fhir:Auth:PrivateKey";
        AsymmetricAlgorithm? algorithm;
        string? jwkKeyId = null;
        try
        {
            (algorithm, jwkKeyId) = text.TrimStart().StartsWith('{') ? FromJwk(text) : (FromPem(text), null);
        }
        catch (Exception error) when (error is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException)
        {
            algorithm = null;
            problem = $"{setting} is not a private key in PEM (PKCS#8, PKCS#1, SEC1) or JWK form ({error.GetType().Name})";
            return false;
        }
        if (algorithm is null)
        {
            problem = $"{setting} holds no RSA or EC private key (an encrypted PEM is not supported)";
            return false;
        }
        return Describe(options, algorithm, jwkKeyId, setting, out key, out problem);
    }

    private static bool Describe(FhirAuthOptions options, AsymmetricAlgorithm algorithm, string? jwkKeyId, string setting, out SigningKey? key, out string? problem)
    {
        key = null;
        if (algorithm is RSA { KeySize: < 2048 })
        {
            problem = $"{setting} is an RSA key shorter than 2048 bits";
            return false;
        }
        if (algorithm is ECDsa { KeySize: not 384 })
        {
            problem = $"{setting} is an EC key on another curve than P-384: ES384 needs P-384";
            return false;
        }
        (AsymmetricSecurityKey securityKey, JsonWebKey publicKey, string algorithmName) = algorithm is RSA rsa
            ? (new RsaSecurityKey(rsa), JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false))), SecurityAlgorithms.RsaSha384)
            : ((AsymmetricSecurityKey)new ECDsaSecurityKey((ECDsa)algorithm), JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(((ECDsa)algorithm).ExportParameters(false)))), SecurityAlgorithms.EcdsaSha384);
        if (options.Algorithm is { Length: > 0 } wanted && !string.Equals(wanted, algorithmName, StringComparison.Ordinal))
        {
            problem = $"Fhir:Auth:Algorithm is {wanted}, but {setting} is {(algorithm is RSA ? "an RSA key (RS384)" : "an EC P-384 key (ES384)")}";
            return false;
        }
        var keyId = options.KeyId is { Length: > 0 } configured ? configured : jwkKeyId ?? Base64UrlEncoder.Encode(publicKey.ComputeJwkThumbprint());
        securityKey.KeyId = keyId;
        publicKey.Kid = keyId;
        publicKey.Alg = algorithmName;
        publicKey.Use = JsonWebKeyUseNames.Sig;
        key = new SigningKey(securityKey, algorithmName, publicKey);
        problem = null;
        return true;
    }

    private static AsymmetricAlgorithm? FromPem(string pem)
    {
        if (pem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            return null;
        }
        if (pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal))
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec;
        }
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            // A PKCS#8 "PRIVATE KEY" block may hold an EC key.
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return ec;
        }
    }

    private static (AsymmetricAlgorithm?, string?) FromJwk(string json)
    {
        var jwk = new JsonWebKey(json);
        if (string.IsNullOrEmpty(jwk.D))
        {
            return (null, null);
        }
        AsymmetricAlgorithm? algorithm = jwk.Kty switch
        {
            JsonWebAlgorithmsKeyTypes.RSA => RSA.Create(new RSAParameters
            {
                Modulus = Base64UrlEncoder.DecodeBytes(jwk.N),
                Exponent = Base64UrlEncoder.DecodeBytes(jwk.E),
                D = Base64UrlEncoder.DecodeBytes(jwk.D),
                P = Base64UrlEncoder.DecodeBytes(jwk.P),
                Q = Base64UrlEncoder.DecodeBytes(jwk.Q),
                DP = Base64UrlEncoder.DecodeBytes(jwk.DP),
                DQ = Base64UrlEncoder.DecodeBytes(jwk.DQ),
                InverseQ = Base64UrlEncoder.DecodeBytes(jwk.QI),
            }),
            JsonWebAlgorithmsKeyTypes.EllipticCurve when jwk.Crv == JsonWebKeyECTypes.P384 => ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP384,
                Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
                D = Base64UrlEncoder.DecodeBytes(jwk.D),
            }),
            _ => null,
        };
        return (algorithm, string.IsNullOrEmpty(jwk.Kid) ? null : jwk.Kid);
    }
}
