namespace FhirNoteService.Core.Drafts;

/// <summary>Writes a draft to the EMR, effectively once per draft identifier.</summary>
public interface IDraftWriter
{
    Task<DraftWriteResult> WriteAsync(NoteDraft draft, CancellationToken cancellationToken);
}

/// <summary>Where the draft lives, and whether this write created it or found it already written.</summary>
public sealed record DraftWriteResult(string DocumentReference, bool Created);
