using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>Compares references as servers write them: relative, or absolute with the server's base in front.</summary>
internal static class FhirReferences
{
    /// <summary>True when the reference points at <paramref name="relative"/> (<c>Type/id</c>), relative or absolute.</summary>
    public static bool Refers(ResourceReference? reference, string relative) =>
        reference?.Reference is { } text
        && (text == relative || (text.EndsWith(relative, StringComparison.Ordinal) && text[^(relative.Length + 1)] == '/'));
}
