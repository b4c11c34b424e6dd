namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// A failure that retrying cannot fix: the message goes straight to the error queue with this message as its reason.
/// Messages never contain patient data: they name the kind of failure, the encounter and the problem only. The
/// exception that caused it is deliberately not kept, since its text (a server's diagnostics, a parser's message)
/// may quote record content and would travel on in logs and fault headers; only its type is.
/// </summary>
#pragma warning disable CA1032 // Only this constructor: every failure names its kind, none is guessed.
public sealed class PermanentNoteFailureException(PermanentFailureKind kind, string message, Exception? cause = null)
    : Exception($"{kind}: {message}")
#pragma warning restore CA1032
{
    /// <summary>What kind of failure this is.</summary>
    public PermanentFailureKind Kind { get; } = kind;

    /// <summary>The type of the exception that caused it, if any (its message is not kept).</summary>
    public string? CauseType { get; } = cause?.GetType().FullName;
}
