using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>Compares references as servers write them: relative, or absolute with the server's base in front.</summary>
internal static class FhirReferences
{
    /// <summary>True when the reference points at <paramref name="relative"/> (<c>Type/id</c>), relative or absolute.</summary>
    public static bool Refers(ResourceReference? reference, string relative) =>
        reference?.Reference is { } text
        && (text == relative || (text.EndsWith(relative, StringComparison.Ordinal) && text[^(relative.Length + 1)] == '/'));

    /// <summary>
    /// The id in a Location header or entry (<c>Type/id</c>, <c>Type/id/_history/v</c>, relative or absolute), or null
    /// when it names none (of <paramref name="type"/>, when given).
    /// </summary>
    public static string? IdFromLocation(string? location, string? type = null)
    {
        if (string.IsNullOrEmpty(location))
        {
            return null;
        }
        var parts = location.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var history = Array.IndexOf(parts, "_history");
        var end = history >= 0 ? history : parts.Length;
        return end >= 2 && (type is null || parts[end - 2] == type) ? parts[end - 1] : null;
    }
}
