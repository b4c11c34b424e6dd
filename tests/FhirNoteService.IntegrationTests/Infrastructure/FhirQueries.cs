using FhirNoteService.TestSupport;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>Reads what the worker wrote, straight from the FHIR server.</summary>
internal static class FhirQueries
{
    public static FhirClient Client(SandboxFhirServer server) =>
        new(server.BaseUrl, new FhirClientSettings { VerifyFhirVersion = false, PreferredFormat = ResourceFormat.Json });

    public static async Task<List<T>> SearchAsync<T>(SandboxFhirServer server, params string[] criteria)
        where T : Resource, new()
    {
        using var client = Client(server);
        var bundle = await client.SearchAsync<T>(criteria);
        return bundle!.Entry.Select(e => e.Resource).OfType<T>().ToList();
    }
}
