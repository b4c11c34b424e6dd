namespace FhirNoteService.Core.Pipeline;

/// <summary>What the service depends on to draft a note, besides the bus.</summary>
public enum Dependency
{
    FhirServer,
    ModelEndpoint,
}

/// <summary>How dependencies are named in reasons, logs and health reports.</summary>
public static class DependencyNames
{
    public static string Name(this Dependency dependency) => dependency switch
    {
        Dependency.FhirServer => "FHIR server",
        Dependency.ModelEndpoint => "model endpoint",
        _ => dependency.ToString(),
    };
}
