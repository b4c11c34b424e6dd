namespace FhirNoteService.Core.Pipeline;

/// <summary>What kind of permanent failure ended a note; appears in the error queue's fault reason.</summary>
public enum PermanentFailureKind
{
    /// <summary>The event itself is malformed or incomplete.</summary>
    InvalidEvent,

    /// <summary>The encounter does not exist on the FHIR server.</summary>
    EncounterNotFound,

    /// <summary>The encounter has no patient, or its patient cannot be read.</summary>
    EncounterWithoutPatient,

    /// <summary>The FHIR server's answer to the context read could not be used.</summary>
    InvalidContext,

    /// <summary>The draft failed the service's own checks before it was written.</summary>
    InvalidDraft,

    /// <summary>The FHIR server refused the draft with a 4xx answer.</summary>
    DraftRejected,

    /// <summary>The draft series kept changing under the worker through every retry (<c>Messaging:RetryLimit</c>).</summary>
    DraftConflict,

    /// <summary>A request to a model was refused before it left the service (it carried patient-identifying data).</summary>
    ModelRequestRefused,

    /// <summary>The model endpoint refused the request with a 4xx answer: credentials, an unknown model or deployment, a bad request.</summary>
    ModelEndpointRefused,

    /// <summary>The model endpoint answered with something that is not a chat completion (not JSON, wrong shape).</summary>
    ModelAnswerMalformed,

    /// <summary>
    /// The EMR's authorization server refused the service's credentials (a client assertion it does not accept, an
    /// unknown client, scopes not granted): retrying will not help until the registration or the key is fixed.
    /// </summary>
    FhirAuthorizationRefused,

    /// <summary>
    /// An exception the service does not expect, i.e. a defect or a record it cannot handle: retrying will not fix it,
    /// so it is dead-lettered, to be republished once fixed. Its type and stack trace (never its message) are logged.
    /// </summary>
    Unexpected,
}
