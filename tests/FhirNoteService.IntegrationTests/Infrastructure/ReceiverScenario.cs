using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>
/// A receiver test's servers: a fresh sandbox and virtual host, a worker drafting offline, and helpers to change an
/// encounter the way an EMR does (a new version, a later _lastUpdated) and to wait for drafts.
/// </summary>
public abstract class ReceiverScenario : FreshServersTest
{
    internal Task<WorkerProcess> StartWorkerAsync(string logName = "receiver-worker") =>
        WorkerProcess.StartAsync(
            new Dictionary<string, string>(Broker.WorkerSettings("__"))
            {
                ["Fhir__BaseUrl"] = Fhir.BaseUrl.ToString(),
                ["Generation__Provider"] = "offline",
            },
            logName);

    internal Task<ReceiverUnderTest> StartReceiverAsync(IDictionary<string, string>? extra = null) => ReceiverUnderTest.StartAsync(Broker, Fhir, extra);

    /// <summary>The EMR updates the encounter (a new version, _lastUpdated now), as finishing it would; returns its JSON.</summary>
    internal async Task<string> TouchAsync(string encounter)
    {
        var json = JsonNode.Parse(await Fhir.Http.GetStringAsync(encounter))!.AsObject();
        json["extension"] = new JsonArray(new JsonObject { ["url"] = "http://emr.example/fhir/StructureDefinition/touched", ["valueString"] = Guid.NewGuid().ToString() });
        using var content = new StringContent(json.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await Fhir.Http.PutAsync(encounter, content);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The encounters that have a draft, once <paramref name="expected"/> all have one or the time is up.</summary>
    internal async Task<IReadOnlySet<string>> DraftedEncountersAsync(IEnumerable<string> expected, TimeSpan? timeout = null)
    {
        var wanted = expected.ToHashSet(StringComparer.Ordinal);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var drafted = await DraftedEncountersNowAsync();
            if (wanted.IsSubsetOf(drafted) || deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
            {
                return drafted;
            }
            await Task.Delay(250);
        }
    }

    internal async Task<HashSet<string>> DraftedEncountersNowAsync()
    {
        var drafts = await FhirQueries.SearchAsync<DocumentReference>(Fhir, "_count=1000", "_elements=context");
        return drafts.SelectMany(d => d.Context?.Encounter ?? []).Select(e => e.Reference!).ToHashSet(StringComparer.Ordinal);
    }
}
