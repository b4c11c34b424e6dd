using Hl7.Fhir.Model;

namespace FhirNoteService.Fhir;

/// <summary>Search parameter values, escaped for a query string.</summary>
internal static class FhirSearch
{
    /// <summary>A token parameter value, <c>system|value</c>.</summary>
    public static string Token(Identifier identifier) =>
        $"{Uri.EscapeDataString(identifier.System ?? string.Empty)}|{Uri.EscapeDataString(identifier.Value ?? string.Empty)}";
}
