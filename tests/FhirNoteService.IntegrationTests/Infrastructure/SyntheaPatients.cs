using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>Loads Synthea patients from ../shared/data/synthea into a FHIR server.</summary>
internal static class SyntheaPatients
{
    /// <summary>Loads the named bundles (file name prefixes) and returns the finished encounters they created.</summary>
    public static async Task<IReadOnlyList<LoadedEncounter>> LoadAsync(HttpClient fhir, params string[] filePrefixes)
    {
        if (!Directory.Exists(RepositoryPaths.Synthea))
        {
            throw new DirectoryNotFoundException($"The Synthea patients are missing at {RepositoryPaths.Synthea}; set FHIRNOTESERVICE_SHARED to the shared folder.");
        }
        var loader = new SampleLoader(fhir);
        var encounters = new List<LoadedEncounter>();
        foreach (var prefix in filePrefixes)
        {
            var file = new DirectoryInfo(RepositoryPaths.Synthea).GetFiles($"{prefix}*.json").Single();
            encounters.AddRange(await loader.LoadAsync(file, CancellationToken.None));
        }
        return encounters;
    }
}
