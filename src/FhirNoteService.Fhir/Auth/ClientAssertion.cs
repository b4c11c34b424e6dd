using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FhirNoteService.Fhir.Auth;

/// <summary>
/// SMART Backend Services client assertions (SMART App Launch 2.2): a JWT signed RS384 or ES384 with the key's
/// <c>kid</c> (and <c>jku</c> when configured), <c>typ</c> JWT, <c>iss</c> = <c>sub</c> = the client id, <c>aud</c> =
/// the token endpoint, <c>exp</c> at most 5 minutes ahead, and a fresh <c>jti</c> every time.
/// </summary>
internal sealed class ClientAssertion(SigningKey key, FhirAuthOptions options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public const string Type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public string Create(string tokenEndpoint)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.ClientId,
            Audience = tokenEndpoint,
            IssuedAt = now,
            Expires = now + options.AssertionLifetime,
            TokenType = "JWT",
            Claims = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = options.ClientId!,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new SigningCredentials(key.Key, key.Algorithm),
        };
        if (options.JwksUrl is { } jku)
        {
            descriptor.AdditionalHeaderClaims = new Dictionary<string, object>(StringComparer.Ordinal) { ["jku"] = jku.AbsoluteUri };
        }
        return Handler.CreateToken(descriptor);
    }
}
