namespace FhirNoteService.Messaging.DeadLetters;

/// <summary>One encounter event in the error queue, with why it is there.</summary>
/// <param name="Position">1-based position in the error queue when it was read.</param>
/// <param name="MessageId">
/// The message id (MassTransit's, or the publisher's AMQP message id); for a message sent without one,
/// <c>body-</c> and a hash of its body.
/// </param>
/// <param name="FaultedAt">When the worker gave up on it.</param>
/// <param name="Kind">The failure kind: the reason's first word (e.g. EncounterNotFound) or the exception type.</param>
/// <param name="Reason">The fault message: a PHI-free reason from the worker, or the deserializer's message.</param>
/// <param name="EncounterReference">The event's encounter, when its body can be read.</param>
public sealed record DeadLetter(int Position, string MessageId, DateTimeOffset? FaultedAt, string Kind, string Reason, string? EncounterReference);
