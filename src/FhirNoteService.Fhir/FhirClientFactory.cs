using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir;

/// <summary>Creates Firely clients on the factory's resilient <c>fhir</c> HttpClient.</summary>
public sealed class FhirClientFactory(IHttpClientFactory httpClientFactory, IOptions<FhirServerOptions> options)
{
    public const string HttpClientName = "fhir";

    // One engine for every client: building one (and its JSON serializer options) per request cost more CPU than
    // the rest of a note's work together (docs/benchmarks.md).
    private static readonly IFhirSerializationEngine SerializationEngine = FhirSerializationEngineFactory.BackwardsCompatible(ModelInfo.ModelInspector);

    public FhirClient Create()
    {
        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            ReturnPreference = ReturnPreference.Representation,
            Timeout = (int)options.Value.Timeout.TotalMilliseconds,
            SerializationEngine = SerializationEngine,
        };
        return new FhirClient(options.Value.BaseUrl!, httpClientFactory.CreateClient(HttpClientName), settings);
    }
}
