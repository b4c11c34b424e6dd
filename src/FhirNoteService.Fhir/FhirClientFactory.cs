using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir;

/// <summary>Creates Firely clients on the factory's resilient <c>fhir</c> HttpClient.</summary>
public sealed class FhirClientFactory(IHttpClientFactory httpClientFactory, IOptions<FhirServerOptions> options)
{
    public const string HttpClientName = "fhir";

    // One engine for every client rather than one per request. Permissive ("ostrich"): EMR resources that bend
    // the rules are still read, and what a note needs is checked downstream.
    private static readonly IFhirSerializationEngine SerializationEngine = FhirSerializationEngineFactory.Ostrich(ModelInfo.ModelInspector);

    /// <summary>
    /// True when every search is a request of its own: for a server without batch, and for the no-draft-state profile,
    /// whose EMRs are not known to take a batch.
    /// </summary>
    public bool SingleRequests => options.Value.WriteProfile is WriteProfiles.SingleRequests or WriteProfiles.NoDraftState;

    /// <summary>
    /// A client whose writes ask for <paramref name="preference"/>: <see cref="ReturnPreference.Minimal"/> saves the
    /// server sending, and the worker parsing, resources it already has.
    /// </summary>
    public FhirClient Create(ReturnPreference preference)
    {
        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            ReturnPreference = preference,
            Timeout = (int)options.Value.Timeout.TotalMilliseconds,
            SerializationEngine = SerializationEngine,
        };
        return new FhirClient(options.Value.BaseUrl!, httpClientFactory.CreateClient(HttpClientName), settings);
    }
}
