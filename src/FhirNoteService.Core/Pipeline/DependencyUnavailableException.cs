namespace FhirNoteService.Core.Pipeline;

/// <summary>
/// A dependency (the FHIR server or the model endpoint) could not be reached or answered with a transient error
/// (connection refused, timeout, 5xx, 429) after the HTTP-level retries. Nothing is wrong with the message: the worker
/// pauses consumption and tries it again when the dependency is back. Messages carry no patient data.
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    public const string FhirServer = "FHIR server";
    public const string Model = "model endpoint";

    public DependencyUnavailableException(string dependency, string reason, Exception? innerException = null)
        : base($"{dependency} unavailable: {reason}")
    {
        Dependency = dependency;
        Reason = reason;
        CauseType = innerException?.GetType().FullName;
    }

    public DependencyUnavailableException()
        : this(FhirServer, "unspecified")
    {
    }

    public DependencyUnavailableException(string message)
        : this(FhirServer, message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : this(FhirServer, message, innerException)
    {
    }

    /// <summary>Which dependency is unavailable.</summary>
    public string Dependency { get; }

    /// <summary>What failed, without patient data: a status code, a timeout, a refused connection.</summary>
    public string Reason { get; }

    /// <summary>The type of the exception that caused it, if any; like <see cref="PermanentNoteFailureException"/>, its message is not kept.</summary>
    public string? CauseType { get; }
}
