using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// Every note, whoever wrote it, completed to its contract (<see cref="NoteContract"/>); a model's draft is then given
/// to the verifying model when one is configured (<see cref="StatementVerifier"/>).
/// </summary>
internal sealed class ContractedNoteGenerator(NoteGeneratorRouter router, LanguagePacks languages, StatementVerifier? verifier = null) : INoteGenerator
{
    public async Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var note = await router.GenerateAsync(request, cancellationToken);
        var pack = languages.For(request.Language);
        var completed = NoteContract.Complete(note, request.Facts, pack, pack.For(request));
        return verifier is not null && note.Generator.AiKind == ModelProfile.LargeLanguageModels
            ? await verifier.VerifyAsync(completed, request, cancellationToken)
            : completed;
    }
}
