using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.Fhir;

/// <summary>
/// Posts a batch or transaction Bundle to the FHIR base. A 4xx answer (other than 408 and 429) becomes a permanent
/// failure of the given kind; transient failures propagate unchanged to be retried.
/// </summary>
internal static class FhirBundlePoster
{
    public static async Task<Bundle?> PostAsync(FhirClientFactory clients, Bundle bundle, PermanentFailureKind kindOfRefusal, string what, CancellationToken cancellationToken)
    {
        try
        {
            using var client = clients.Create();
            return await client.TransactionAsync(bundle, cancellationToken);
        }
        catch (FhirOperationException error) when (!FhirFailures.IsTransient(error.Status))
        {
            throw FhirFailures.Permanent(kindOfRefusal, what, error);
        }
    }
}
