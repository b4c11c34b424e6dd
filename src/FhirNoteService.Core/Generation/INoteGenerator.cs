namespace FhirNoteService.Core.Generation;

/// <summary>Writes a note from numbered facts. Implementations: the offline extractive generator and model-backed ones.</summary>
public interface INoteGenerator
{
    /// <summary>Who writes the notes; becomes the author Device of every draft.</summary>
    GeneratorIdentity Identity { get; }

    Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken);
}
