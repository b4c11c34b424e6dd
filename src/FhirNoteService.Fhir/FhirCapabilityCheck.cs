using FhirNoteService.Core.Pipeline;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Fhir;

/// <summary>
/// Checks at start that the FHIR server's CapabilityStatement offers what the write profile needs: <c>transaction</c>
/// and <c>batch</c> for the transaction profile; create and search of DocumentReference, Provenance and Device for
/// single requests; nothing for no-draft-state. A server that does not answer is not refused (readiness reports it); one that answers without
/// what is needed is, naming what is missing and the profile that would fit.
/// </summary>
public sealed partial class FhirCapabilityCheck(FhirClientFactory clients, IOptions<FhirServerOptions> options, ILogger<FhirCapabilityCheck> logger)
{
    private static readonly string[] WrittenTypes = ["DocumentReference", "Provenance", "Device"];

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (options.Value.WriteProfile == WriteProfiles.NoDraftState)
        {
            // Nothing is written to the EMR: searches are all it needs, and every server offers them.
            return null;
        }
        CapabilityStatement? capabilities;
        try
        {
            capabilities = await FhirCall.SendAsync(clients, ReturnPreference.Representation, (client, cancel) => client.CapabilityStatementAsync(SummaryType.False, cancel), PermanentFailureKind.InvalidContext, "the CapabilityStatement", cancellationToken);
        }
        catch (Exception error) when (error is DependencyUnavailableException or PermanentNoteFailureException)
        {
            LogUnchecked(logger, error.GetType().Name);
            return null;
        }
        var rest = capabilities?.Rest.FirstOrDefault(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server);
        if (rest is null)
        {
            LogUnchecked(logger, "no server rest section");
            return null;
        }
        var profile = options.Value.WriteProfile;
        var missing = profile == WriteProfiles.SingleRequests ? MissingForSingleRequests(rest) : MissingForTransactions(rest);
        return missing.Count == 0
            ? null
            : $"Fhir:WriteProfile is {profile}, but the FHIR server's CapabilityStatement does not offer {string.Join(", ", missing)}"
              + (profile == WriteProfiles.Transaction ? "; for a server without transactions use Fhir:WriteProfile=single-requests" : string.Empty);
    }

    private static List<string> MissingForTransactions(CapabilityStatement.RestComponent rest)
    {
        var offered = rest.Interaction.Select(i => i.Code).ToHashSet();
        return new[] { CapabilityStatement.SystemRestfulInteraction.Transaction, CapabilityStatement.SystemRestfulInteraction.Batch }
            .Where(i => !offered.Contains(i))
            .Select(i => i.ToString().ToLowerInvariant())
            .ToList();
    }

    // A statement that lists no resources says nothing either way.
    private static List<string> MissingForSingleRequests(CapabilityStatement.RestComponent rest) =>
        rest.Resource.Count == 0
            ? []
            : WrittenTypes.SelectMany(type =>
                {
                    var resource = rest.Resource.FirstOrDefault(r => r.Type == type);
                    var offered = resource?.Interaction.Select(i => i.Code).ToHashSet() ?? [];
                    return new[] { CapabilityStatement.TypeRestfulInteraction.Create, CapabilityStatement.TypeRestfulInteraction.SearchType }
                        .Where(i => !offered.Contains(i))
                        .Select(i => $"{type} {(i == CapabilityStatement.TypeRestfulInteraction.Create ? "create" : "search")}");
                })
                .ToList();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The FHIR server's CapabilityStatement could not be read at start ({Reason}); the write profile is not checked against it")]
    private static partial void LogUnchecked(ILogger logger, string reason);
}
