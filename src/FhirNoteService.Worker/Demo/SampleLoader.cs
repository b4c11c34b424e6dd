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
