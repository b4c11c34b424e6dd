namespace FhirNoteService.TestSupport;

/// <summary>Where the repository and the shared material are; environment variables override the defaults.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> beside the repository, or <c>FHIRNOTESERVICE_SHARED</c>.</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("FHIRNOTESERVICE_SHARED") is { Length: > 0 } shared
            ? shared
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Synthea => Path.Combine(Shared, "data", "synthea");

    public static string AiTransparency => Path.Combine(Shared, "profiles", "aitransparency-ig");

    /// <summary>The conformance resources the service publishes (StructureDefinitions of its extensions).</summary>
    public static string Conformance => Path.Combine(Root, "fhir");

    public static string UsCorePackage => Path.Combine(Shared, "profiles", "hl7.fhir.us.core-7.0.0.tgz");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FhirNoteService.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cannot find the repository root (FhirNoteService.sln) above the test binaries.");
    }
}
