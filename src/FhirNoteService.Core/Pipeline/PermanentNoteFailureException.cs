namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// A failure that retrying cannot fix: the message goes straight to the error queue with this message as its reason.
/// Messages never contain patient data: they name the kind of failure, the encounter and the problem only.
/// </summary>
public sealed class PermanentNoteFailureException : Exception
{
    public PermanentNoteFailureException(PermanentFailureKind kind, string message, Exception? innerException = null)
        : base($"{kind}: {message}", innerException)
    {
        Kind = kind;
    }

    public PermanentNoteFailureException()
        : this(PermanentFailureKind.InvalidEvent, "unspecified")
    {
    }

    public PermanentNoteFailureException(string message)
        : this(PermanentFailureKind.InvalidEvent, message)
    {
    }

    public PermanentNoteFailureException(string message, Exception innerException)
        : this(PermanentFailureKind.InvalidEvent, message, innerException)
    {
    }

    /// <summary>What kind of failure this is.</summary>
    public PermanentFailureKind Kind { get; }
}
