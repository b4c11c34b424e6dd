namespace FhirNoteService.Worker.Demo;

/// <summary>Finds the sample patients: the shared Synthea set when present, else the repository's own small fixtures.</summary>
internal static class SampleBundles
{
    public const string PathVariable = "FHIRNOTESERVICE_SAMPLES";

    public static DirectoryInfo Locate(DirectoryInfo? requested)
    {
        if (requested is not null)
        {
            return requested.Exists ? requested : throw new DirectoryNotFoundException($"The patients folder {requested.FullName} does not exist.");
        }
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnvironment)
        {
            return new DirectoryInfo(fromEnvironment);
        }
        var repository = RepositoryRoot();
        var shared = new DirectoryInfo(Path.Combine(repository.FullName, "..", "shared", "data", "synthea"));
        return shared.Exists && shared.EnumerateFiles("*.json").Any()
            ? shared
            : new DirectoryInfo(Path.Combine(repository.FullName, "samples", "patients"));
    }

    private static DirectoryInfo RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FhirNoteService.sln")))
                {
                    return dir;
                }
            }
        }
        return new DirectoryInfo(Directory.GetCurrentDirectory());
    }
}
