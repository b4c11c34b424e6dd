using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FhirNoteService.Receiver;

/// <summary>
/// A delivery is the source's when it presents <c>Authorization: Bearer {token}</c> with the source's token. The
/// comparison takes the same time whatever the guess: both sides are hashed to equal lengths and compared in fixed time.
/// </summary>
internal static class SourceAuthentication
{
    private const string Scheme = "Bearer ";

    public static bool IsAuthorized(HttpRequest request, EventSourceOptions source)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(value[Scheme.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(source.Token));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
