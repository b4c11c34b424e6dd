using System.Text.RegularExpressions;

namespace FhirNoteService.Receiver.Subscriptions;

/// <summary>
/// A reference as servers put it in notifications (relative, absolute, with or without <c>_history</c>) reduced to the
/// relative <c>{type}/{id}</c> and the version it names.
/// </summary>
internal static partial class FhirReference
{
    public static (string Relative, string? VersionId)? Parse(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.Length > 2048)
        {
            return null;
        }
        var match = Pattern().Match(reference);
        return match.Success ? ($"{match.Groups["type"].Value}/{match.Groups["id"].Value}", match.Groups["version"].Success ? match.Groups["version"].Value : null) : null;
    }

    // [base/]Type/id[/_history/version], FHIR's id rules: the part after the last type segment.
    [GeneratedRegex(@"(?:^|/)(?<type>[A-Z][A-Za-z]{1,63})/(?<id>[A-Za-z0-9\-\.]{1,64})(?:/_history/(?<version>[A-Za-z0-9\-\.]{1,64}))?$")]
    private static partial Regex Pattern();
}
