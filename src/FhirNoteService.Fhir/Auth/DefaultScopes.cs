namespace FhirNoteService.Fhir.Auth;

/// <summary>The system scopes the service needs: read what the context read searches, write what a draft writes.</summary>
internal static class DefaultScopes
{
    private static readonly string[] Read = ["Encounter", "Patient", "Condition", "Observation", "MedicationRequest", "Procedure", "DiagnosticReport", "AllergyIntolerance"];
    private static readonly string[] Write = ["DocumentReference", "Provenance", "Device"];

    /// <summary>v2: <c>system/Encounter.rs ... system/DocumentReference.cruds</c>; v1: <c>system/Encounter.read ... system/DocumentReference.write</c>.</summary>
    public static string For(string style) => string.Equals(style, "v1", StringComparison.OrdinalIgnoreCase)
        ? string.Join(' ', Read.Concat(Write).Select(t => $"system/{t}.read").Concat(Write.Select(t => $"system/{t}.write")))
        : string.Join(' ', Read.Select(t => $"system/{t}.rs").Concat(Write.Select(t => $"system/{t}.cruds")));
}
