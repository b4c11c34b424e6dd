namespace FhirNoteService.Contracts;

/// <summary>
/// Published when an encounter event failed for good and went to the error queue, in place of MassTransit's
/// <c>Fault&lt;EncounterEvent&gt;</c> (which carries stack traces and host details, and goes where the sender asks).
/// A body that is not an encounter event at all is dead-lettered without it: there is no event to name.
/// </summary>
/// <param name="EncounterReference">The encounter, <c>Encounter/{id}</c>, when the event named a valid one; otherwise null.</param>
/// <param name="Kind">The kind of failure, as in the dead letter's reason (<c>InvalidEvent</c>, <c>EncounterNotFound</c>, ...).</param>
/// <param name="Reason">The dead letter's reason, in the service's own words; never contains patient data or sender text.</param>
/// <param name="FailedAt">When the worker gave up on it.</param>
public sealed record NoteFailed(
    string? EncounterReference,
    string Kind,
    string Reason,
    DateTimeOffset FailedAt);
