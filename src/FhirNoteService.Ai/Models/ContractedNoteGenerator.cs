using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Models;

/// <summary>Every note, whoever wrote it, completed to its contract (<see cref="NoteContract"/>).</summary>
internal sealed class ContractedNoteGenerator(NoteGeneratorRouter router, LanguagePacks languages) : INoteGenerator
{
    public async Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var note = await router.GenerateAsync(request, cancellationToken);
        var pack = languages.For(request.Language);
        return NoteContract.Complete(note, request.Facts, pack, pack.For(request.NoteType));
    }
}
