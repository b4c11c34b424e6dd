using FhirNoteService.Ai.Prompting;
using FhirNoteService.Core.Generation;
using Microsoft.Extensions.AI;

namespace FhirNoteService.Ai.Models;

/// <summary>Asks a model for a note as structured JSON and parses it strictly.</summary>
internal sealed class ModelNoteGenerator(IChatClient chat, GeneratorIdentity identity) : INoteGenerator
{
    public GeneratorIdentity Identity => identity;

    public async Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.Json,
            Temperature = 0,
            AdditionalProperties = new AdditionalPropertiesDictionary { [IdentityGuardChatClient.IdentityKey] = request.Identity },
        };
        var response = await chat.GetResponseAsync(PromptBuilder.Build(request), options, cancellationToken);
        if (!ModelAnswerParser.TryParse(response.Text, out var sections, out var problem))
        {
            throw new UnusableModelAnswerException(problem!);
        }
        var title = NoteTemplates.For(request.NoteType, request.Language).Title;
        return new GeneratedNote(title, sections, request.Language, identity);
    }
}

/// <summary>The model answered, but not with a note that can be used.</summary>
internal sealed class UnusableModelAnswerException(string message) : Exception(message);
