using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirNoteService.TestSupport;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>
/// The sandbox is only worth testing against if it is as strict as a real server, and reproduces what independent
/// servers did when asked to: each quirk is checked here on the wire.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SandboxServerTests
{
    private const string DeviceUrn = "urn:uuid:6f0d0c1e-2f4b-4d55-9a43-0c7a4b1f2e01";

    // A Device, a Provenance naming it in two repeating elements, and an update that fails its If-Match.
    private static string Transaction(string failingUpdate) => $$$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"{{{DeviceUrn}}}","resource":{"resourceType":"Device","identifier":[{"system":"urn:test","value":"d1"}]},
           "request":{"method":"POST","url":"Device"}},
          {"fullUrl":"urn:uuid:6f0d0c1e-2f4b-4d55-9a43-0c7a4b1f2e02","resource":{"resourceType":"Provenance","recorded":"2024-01-01T00:00:00Z",
            "target":[{"reference":"{{{DeviceUrn}}}"}],"agent":[{"who":{"reference":"{{{DeviceUrn}}}"}}],"meta":{"tag":[{"system":"urn:test","code":"t1"}]}},
           "request":{"method":"POST","url":"Provenance","ifNoneExist":"_tag=urn:test|t1"}}
          {{{failingUpdate}}}
        ]}
        """;

    private const string StaleUpdate = """
        ,{"resource":{"resourceType":"Basic","id":"b1","code":{"text":"x"}},"request":{"method":"PUT","url":"Basic/b1","ifMatch":"W/\"stale\""}}
        """;

    [Fact]
    public async Task Strict_TransactionWhoseLastEntryFails_LeavesNothing()
    {
        await using var fhir = await SandboxFhirServer.StartAsync();
        await PutAsync(fhir, "Basic/b1", """{"resourceType":"Basic","id":"b1","code":{"text":"x"}}""");

        using var response = await PostAsync(fhir, Transaction(StaleUpdate));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(0, await CountAsync(fhir, "Device"));
        Assert.Equal(0, await CountAsync(fhir, "Provenance"));
    }

    [Fact]
    public async Task Strict_Transaction_ResolvesUrnUuidsInRepeatingElements()
    {
        await using var fhir = await SandboxFhirServer.StartAsync();

        using var response = await PostAsync(fhir, Transaction(string.Empty));

        response.EnsureSuccessStatusCode();
        var provenance = await FirstAsync(fhir, "Provenance");
        Assert.StartsWith("Device/", (string)provenance["target"]![0]!["reference"]!, StringComparison.Ordinal);
        Assert.StartsWith("Device/", (string)provenance["agent"]![0]!["who"]!["reference"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinimalEmptyBody_AnswersACommittedTransactionWith200AndNoBody()
    {
        await using var fhir = await SandboxFhirServer.StartAsync(SandboxQuirks.MinimalEmptyBody);

        using var response = await PostAsync(fhir, Transaction(string.Empty), minimal: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await CountAsync(fhir, "Device"));
    }

    [Fact]
    public async Task IgnoresRevincludeIterate_LeavesItOutOfTheSelfLink()
    {
        await using var fhir = await SandboxFhirServer.StartAsync(SandboxQuirks.IgnoresRevincludeIterate);
        var strictLink = await SelfLinkAsync(fhir, "Encounter?_id=x&_include=Encounter:patient&_revinclude:iterate=Condition:patient");

        Assert.Contains("_include=Encounter:patient", strictLink, StringComparison.Ordinal);
        Assert.DoesNotContain("_revinclude", strictLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoTransactionIsolation_CommitsTheOtherEntriesAndAnswers500InsideA200()
    {
        await using var fhir = await SandboxFhirServer.StartAsync(SandboxQuirks.NoTransactionIsolation);
        await PutAsync(fhir, "Basic/b1", """{"resourceType":"Basic","id":"b1","code":{"text":"x"}}""");

        using var response = await PostAsync(fhir, Transaction(StaleUpdate));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("transaction-response", (string)answer["type"]!);
        Assert.Equal(["201", "201", "500"], answer["entry"]!.AsArray().Select(e => (string)e!["response"]!["status"]!));
        Assert.Equal(1, await CountAsync(fhir, "Device"));
    }

    [Fact]
    public async Task NoUrnRewriteInArrays_StoresTheUrnUuidsAsSent()
    {
        await using var fhir = await SandboxFhirServer.StartAsync(SandboxQuirks.NoUrnRewriteInArrays);

        (await PostAsync(fhir, Transaction(string.Empty))).Dispose();

        var provenance = await FirstAsync(fhir, "Provenance");
        Assert.Equal(DeviceUrn, (string)provenance["target"]![0]!["reference"]!);
        Assert.Equal(DeviceUrn, (string)provenance["agent"]![0]!["who"]!["reference"]!);
    }

    [Fact]
    public async Task LenientIfNoneExist_MatchesAProvenanceWithoutTheTag()
    {
        await using var fhir = await SandboxFhirServer.StartAsync(SandboxQuirks.LenientIfNoneExist);
        (await PostAsync(fhir, Transaction(string.Empty).Replace("t1", "other", StringComparison.Ordinal))).Dispose();

        using var response = await PostAsync(fhir, Transaction(string.Empty));

        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("200", (string)answer["entry"]![1]!["response"]!["status"]!);
        Assert.Equal(1, await CountAsync(fhir, "Provenance"));
    }

    [Fact]
    public async Task NoHistory_RefusesHistoryAndVread()
    {
        await using var fhir = await SandboxFhirServer.StartAsync(SandboxQuirks.NoHistory);
        await PutAsync(fhir, "Basic/b1", """{"resourceType":"Basic","id":"b1","code":{"text":"x"}}""");

        using var history = await fhir.Http.GetAsync("Basic/b1/_history");

        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
        Assert.True((await fhir.Http.GetAsync("Basic/b1")).IsSuccessStatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(SandboxFhirServer fhir, string json, bool minimal = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, string.Empty) { Content = new StringContent(json, Encoding.UTF8, "application/fhir+json") };
        if (minimal)
        {
            request.Headers.Add("Prefer", "return=minimal");
        }
        return await fhir.Http.SendAsync(request);
    }

    private static async Task PutAsync(SandboxFhirServer fhir, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
        using var response = await fhir.Http.PutAsync(path, content);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonNode> SearchAsync(SandboxFhirServer fhir, string search) => JsonNode.Parse(await fhir.Http.GetStringAsync(search))!;

    private static async Task<int> CountAsync(SandboxFhirServer fhir, string type) => (int)(await SearchAsync(fhir, type))["total"]!;

    private static async Task<JsonNode> FirstAsync(SandboxFhirServer fhir, string type) => (await SearchAsync(fhir, type))["entry"]![0]!["resource"]!;

    private static async Task<string> SelfLinkAsync(SandboxFhirServer fhir, string search) =>
        (string)(await SearchAsync(fhir, search))["link"]!.AsArray().Single(l => (string)l!["relation"]! == "self")!["url"]!;
}
