namespace FhirNoteService.Core.Drafts;

/// <summary>
/// The draft's series changed between reading the context and writing: the earlier draft was edited (If-Match
/// failed) or another delivery wrote a different draft first. Nothing was written; read and decide again.
/// </summary>
public sealed class DraftConflictException : Exception
{
    public DraftConflictException()
    {
    }

    public DraftConflictException(string message)
        : base(message)
    {
    }

    public DraftConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
