using System.Net;

namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// A failure that retrying cannot fix: the message goes straight to the error queue with this message as its reason.
/// Messages never contain patient data: they name the kind of failure, the encounter and the problem only. The
/// exception that caused it is deliberately not kept, since its text (a server's diagnostics, a parser's message)
/// may quote record content and would travel on in logs and fault headers; only its type is.
/// </summary>
public sealed class PermanentNoteFailureException : Exception
{
    public PermanentNoteFailureException(PermanentFailureKind kind, string message, Exception? cause = null, HttpStatusCode? status = null)
        : base($"{kind}: {message}")
    {
        Kind = kind;
        CauseType = cause?.GetType().FullName;
        Status = status;
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

    /// <summary>The type of the exception that caused it, if any (its message is not kept).</summary>
    public string? CauseType { get; }

    /// <summary>The HTTP status a server refused with, when that is what happened.</summary>
    public HttpStatusCode? Status { get; }
}
