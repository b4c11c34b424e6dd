using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.AI;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// The last check before a request leaves the service: it refuses any request that carries one of the patient's
/// identifying terms, and any request that does not say whose terms to look for (it fails closed).
/// </summary>
internal sealed class IdentityGuardChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public const string IdentityKey = "fhirnoteservice.patient-identity";

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        Check(list, options);
        return base.GetResponseAsync(list, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        Check(list, options);
        return base.GetStreamingResponseAsync(list, options, cancellationToken);
    }

    private static void Check(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(IdentityKey, out var value) != true || value is not PatientIdentity identity)
        {
            throw new PermanentNoteFailureException(PermanentFailureKind.ModelRequestRefused, "a model request without the patient's identity terms to screen for was refused");
        }
        var text = string.Join('\n', messages.Select(m => m.Text));
        if (identity.FoundIn(text).Any())
        {
            // Which term matched is itself identifying: the reason names none.
            throw new PermanentNoteFailureException(PermanentFailureKind.ModelRequestRefused, "a model request containing patient-identifying data was refused");
        }
    }
}
