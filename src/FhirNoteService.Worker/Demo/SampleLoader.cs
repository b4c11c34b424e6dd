using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace FhirNoteService.Worker.Demo;

/// <summary>Loads transaction Bundles into a FHIR server and returns the finished encounters they created.</summary>
internal sealed class SampleLoader(HttpClient http)
{
    private static readonly MediaTypeHeaderValue FhirJson = new("application/fhir+json");

    public async Task<IReadOnlyList<LoadedEncounter>> LoadAsync(FileInfo bundleFile, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(bundleFile.FullName, cancellationToken);
        using var content = new StringContent(text);
        content.Headers.ContentType = FhirJson;
        using var response = await http.PostAsync(new Uri(string.Empty, UriKind.Relative), content, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The FHIR server refused {bundleFile.Name} with HTTP {(int)response.StatusCode}.");
        }
        return FinishedEncounters(JsonNode.Parse(text), JsonNode.Parse(answer));
    }

    /// <summary>
    /// Loads every bundle of the folder, again and again, until at least <paramref name="count"/> finished encounters
    /// exist: each load creates new resources with new ids, so load tests get as many distinct encounters as they need.
    /// </summary>
    public async Task<IReadOnlyList<LoadedEncounter>> LoadAtLeastAsync(DirectoryInfo folder, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var files = folder.GetFiles("*.json").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var encounters = new List<LoadedEncounter>();
        while (encounters.Count < count)
        {
            var before = encounters.Count;
            foreach (var file in files)
            {
                encounters.AddRange(await LoadAsync(file, cancellationToken));
            }
            if (encounters.Count == before)
            {
                throw new InvalidOperationException($"The bundles in {folder.FullName} hold no finished encounter.");
            }
        }
        return encounters;
    }

    private static List<LoadedEncounter> FinishedEncounters(JsonNode? request, JsonNode? response)
    {
        var requested = request?["entry"]?.AsArray() ?? [];
        var answered = response?["entry"]?.AsArray() ?? [];
        var encounters = new List<LoadedEncounter>();
        for (var i = 0; i < Math.Min(requested.Count, answered.Count); i++)
        {
            var resource = requested[i]?["resource"];
            if ((string?)resource?["resourceType"] != "Encounter" || (string?)resource["status"] != "finished")
            {
                continue;
            }
            var location = (string?)answered[i]?["response"]?["location"];
            var parts = location?.Split('/');
            if (parts is { Length: >= 2 } && parts[0] == "Encounter")
            {
                encounters.Add(new LoadedEncounter($"Encounter/{parts[1]}", (string?)resource["class"]?["code"] ?? string.Empty));
            }
        }
        return encounters;
    }
}

/// <summary>A finished encounter created on the server by a loaded bundle, with its class code (IMP, EMER, AMB, ...).</summary>
public sealed record LoadedEncounter(string Reference, string ClassCode);
