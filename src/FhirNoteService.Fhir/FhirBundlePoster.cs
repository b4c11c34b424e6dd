using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirNoteService.Fhir;

/// <summary>
/// Posts a batch or transaction Bundle to the FHIR base. A 4xx answer (other than 408 and 429) becomes a permanent
/// failure of the given kind; a transient failure that outlasted the HTTP retries means the server is unavailable.
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
        catch (FhirOperationException error) when (!TransientFailure.IsTransient(error.Status))
        {
            throw FhirFailures.Permanent(kindOfRefusal, what, error);
        }
        catch (FhirOperationException error)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.FhirServer, $"{what}: HTTP {(int)error.Status}", error);
        }
        catch (Exception error) when (TransientFailure.Describe(error, cancellationToken) is { } reason)
        {
            throw new DependencyUnavailableException(DependencyUnavailableException.FhirServer, $"{what}: {reason}", error);
        }
    }
}
