using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir.Reading;

/// <summary>
/// Tells which parameters of a search the server ignored, from the <c>self</c> link of its searchset: servers that do
/// not support a parameter answer without an error and leave it out of the link.
/// </summary>
internal static class SearchSelfLink
{
    // Parameters that name what to include are compared with their values (a search may carry several of them);
    // the others by name only, since servers re-encode or normalise values.
    private static readonly string[] ComparedWithValues = ["_include", "_revinclude"];

    /// <summary>
    /// The parameters of <paramref name="askedUrl"/> missing from the searchset's self link (as <c>name</c> or
    /// <c>name=value</c>), or null when the server sent no self link, so that nothing can be told.
    /// </summary>
    public static IReadOnlySet<string>? Ignored(Bundle searchset, string askedUrl)
    {
        ArgumentNullException.ThrowIfNull(searchset);
        var self = searchset.Link.FirstOrDefault(l => l.Relation == "self")?.Url;
        if (string.IsNullOrEmpty(self))
        {
            return null;
        }
        var understood = Parameters(self).ToHashSet(StringComparer.Ordinal);
        return Parameters(askedUrl).Where(p => !understood.Contains(p)).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Parameters(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? url[(at + 1)..] : string.Empty;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = Uri.UnescapeDataString(parts[0]);
            var value = parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            yield return ComparedWithValues.Any(n => name.StartsWith(n, StringComparison.Ordinal)) ? $"{name}={value}" : name;
        }
    }
}
