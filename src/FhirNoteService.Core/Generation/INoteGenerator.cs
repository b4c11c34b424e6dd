namespace FhirNoteService.Core.Generation;

/// <summary>
/// Writes a note from numbered facts. Implementations: the offline extractive generator and model-backed ones.
/// The note names the generator that actually wrote it; that becomes the draft's author Device.
/// </summary>
public interface INoteGenerator
{
    Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken);
}
