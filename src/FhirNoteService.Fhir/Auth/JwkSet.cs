using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace FhirNoteService.Fhir.Auth;

/// <summary>The public JWK Set of the configured signing key: what the EMR registers (or fetches from its URL).</summary>
public static class JwkSet
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The JWK Set as JSON: the key's public parameters with <c>kid</c>, <c>alg</c>, <c>use</c>, never its private part.</summary>
    public static string Of(FhirAuthOptions options)
    {
        var key = SigningKey.Load(options).PublicKey;
        var json = new JsonObject
        {
            ["kty"] = key.Kty,
            ["kid"] = key.Kid,
            ["alg"] = key.Alg,
            ["use"] = key.Use,
            ["key_ops"] = new JsonArray("verify"),
        };
        if (key.Kty == JsonWebAlgorithmsKeyTypes.RSA)
        {
            json["n"] = key.N;
            json["e"] = key.E;
        }
        else
        {
            json["crv"] = key.Crv;
            json["x"] = key.X;
            json["y"] = key.Y;
        }
        return new JsonObject { ["keys"] = new JsonArray(json) }.ToJsonString(Indented);
    }
}
