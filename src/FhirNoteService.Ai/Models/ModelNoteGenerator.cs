using System.ClientModel;
using System.Net;
using System.Text.Json;
using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Http;
using Microsoft.Extensions.AI;

namespace FhirNoteService.Ai.Models;

/// <summary>Asks a model for a note as structured JSON and parses it strictly.</summary>
internal sealed class ModelNoteGenerator(IChatClient chat, GeneratorIdentity identity, LanguagePacks languages) : INoteGenerator
{
    public GeneratorIdentity Identity => identity;

    public Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken) =>
        GenerateAsync(request, null, cancellationToken);

    /// <summary>A note; with <paramref name="unverified"/>, asked for again with what the service could not verify in the last one.</summary>
    public async Task<GeneratedNote> GenerateAsync(NoteRequest request, IReadOnlyList<NoteStatement>? unverified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.Json,
            Temperature = 0,
            AdditionalProperties = new AdditionalPropertiesDictionary { [IdentityGuardChatClient.IdentityKey] = request.Identity },
        };
        var pack = languages.For(request.Language);
        var response = await AskAsync(PromptBuilder.Build(request, pack, unverified), options, cancellationToken);
        if (!ModelAnswerParser.TryParse(response.Text, out var sections, out var problem))
        {
            throw new UnusableModelAnswerException(problem!);
        }
        return new GeneratedNote(pack.For(request).Title, FactReferences.Fill(sections, request.Facts, pack), request.Language, identity, pack.Labels);
    }

    // Sorts what can go wrong on the wire: transient (the worker pauses and tries again later), a refusal of the
    // request, or an answer that is not a chat completion (both permanent: retrying sends the same request).
    private async Task<ChatResponse> AskAsync(IEnumerable<ChatMessage> prompt, ChatOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await chat.GetResponseAsync(prompt, options, cancellationToken);
        }
        catch (ClientResultException error) when (error.Status != 0)
        {
            throw Classify((HttpStatusCode)error.Status, error);
        }
        catch (HttpRequestException error) when (error.StatusCode is { } status && !TransportFailure.IsTransient(status))
        {
            throw Classify(status, error);
        }
        catch (Exception error) when (TransportFailure.Describe(error, cancellationToken) is { } reason)
        {
            throw new DependencyUnavailableException(Dependency.ModelEndpoint, $"{identity.Id}: {reason}", error);
        }
        catch (JsonException error)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.ModelAnswerMalformed,
                $"{identity.Id}: the model endpoint's answer is not a chat completion (invalid JSON at byte {error.BytePositionInLine ?? 0}); check Generation:Endpoint and Generation:Provider",
                error);
        }
    }

    private Exception Classify(HttpStatusCode status, Exception error) =>
        TransportFailure.IsTransient(status)
            ? new DependencyUnavailableException(Dependency.ModelEndpoint, $"{identity.Id}: HTTP {(int)status}", error)
            : new PermanentNoteFailureException(
                PermanentFailureKind.ModelEndpointRefused,
                $"{identity.Id}: the model endpoint refused the request with HTTP {(int)status}; check Generation:ApiKey, Generation:Model and Generation:Endpoint",
                error);
}

/// <summary>The model answered, but not with a note that can be used.</summary>
internal sealed class UnusableModelAnswerException(string message) : Exception(message);
