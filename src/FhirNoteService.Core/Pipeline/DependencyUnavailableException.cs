namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// A dependency (the FHIR server or the model endpoint) could not be reached or answered with a transient error
/// (connection refused, timeout, 5xx, 429) after the HTTP-level retries. Nothing is wrong with the message: the worker
/// pauses consumption and tries it again when the dependency is back. Messages carry no patient data.
/// </summary>
#pragma warning disable CA1032 // Only this constructor: every failure names its dependency, none is guessed.
public sealed class DependencyUnavailableException(Dependency dependency, string reason, Exception? innerException = null)
    : Exception($"{dependency.Name()} unavailable: {reason}")
#pragma warning restore CA1032
{
    /// <summary>Which dependency is unavailable.</summary>
    public Dependency Dependency { get; } = dependency;

    /// <summary>What failed, without patient data: a status code, a timeout, a refused connection.</summary>
    public string Reason { get; } = reason;

    /// <summary>The type of the exception that caused it, if any; like <see cref="PermanentNoteFailureException"/>, its message is not kept.</summary>
    public string? CauseType { get; } = innerException?.GetType().FullName;
}
