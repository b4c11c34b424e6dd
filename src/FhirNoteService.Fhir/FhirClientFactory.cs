using Hl7.Fhir.Rest;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir;

/// <summary>Creates Firely clients on the factory's resilient <c>fhir</c> HttpClient.</summary>
public sealed class FhirClientFactory(IHttpClientFactory httpClientFactory, IOptions<FhirServerOptions> options)
{
    public const string HttpClientName = "fhir";

    public FhirClient Create()
    {
        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            ReturnPreference = ReturnPreference.Representation,
            Timeout = (int)options.Value.Timeout.TotalMilliseconds,
        };
        return new FhirClient(options.Value.BaseUrl!, httpClientFactory.CreateClient(HttpClientName), settings);
    }
}
