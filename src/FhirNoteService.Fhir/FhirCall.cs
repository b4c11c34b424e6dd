using System.Net;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Http;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;

namespace FhirNoteService.Fhir;

/// <summary>
/// Makes one FHIR interaction with a fresh client. A 4xx answer (other than 408 and 429) becomes a permanent failure of
/// the given kind, or, for a write whose precondition failed (409, 412) when <c>preconditionFailure</c>
/// says why, a conflict to read again; a transient failure that outlasted the HTTP retries means the server is
/// unavailable.
/// </summary>
internal static class FhirCall
{
    public static async Task<T?> SendAsync<T>(
        FhirClientFactory clients,
        ReturnPreference preference,
        Func<FhirClient, CancellationToken, Task<T?>> interaction,
        PermanentFailureKind kindOfRefusal,
        string what,
        CancellationToken cancellationToken,
        string? preconditionFailure = null)
        where T : class
    {
        try
        {
            using var client = clients.Create(preference);
            return await interaction(client, cancellationToken);
        }
        catch (FhirOperationException error) when ((int)error.Status < 300)
        {
            // The client could not read a successful answer as FHIR: a login page, a proxy's error page, broken JSON.
            throw new PermanentNoteFailureException(kindOfRefusal, $"{what}: the answer is not FHIR ({FhirFailures.Describe(error.Outcome)})", error);
        }
        catch (DeserializationFailedException error)
        {
            // Only the error codes and element paths: the parser's messages quote the offending values.
            throw new PermanentNoteFailureException(kindOfRefusal, $"{what}: the answer is not FHIR ({FhirFailures.Describe(error)})", error);
        }
        catch (FhirOperationException error) when (preconditionFailure is not null && error.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw new DraftConflictException($"{what}: {preconditionFailure} (HTTP {(int)error.Status})");
        }
        catch (FhirOperationException error) when (!TransportFailure.IsTransient(error.Status))
        {
            throw FhirFailures.Permanent(kindOfRefusal, what, error);
        }
        catch (FhirOperationException error)
        {
            throw new DependencyUnavailableException(Dependency.FhirServer, $"{what}: HTTP {(int)error.Status}", error);
        }
        catch (Exception error) when (TransportFailure.Describe(error, cancellationToken) is { } reason)
        {
            throw new DependencyUnavailableException(Dependency.FhirServer, $"{what}: {reason}", error);
        }
    }
}
