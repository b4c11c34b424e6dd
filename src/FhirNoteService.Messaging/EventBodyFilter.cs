using FhirNoteService.Core.Pipeline;
using MassTransit;

namespace FhirNoteService.Messaging;

/// <summary>
/// Rejects, before any deserialization, message bodies that cannot be an encounter event: empty ones, ones larger than
/// <see cref="MessagingOptions.MaxEventBytes"/> (an event is a reference and a few short fields), and what
/// <see cref="EventBody"/> finds (the wrong content type, an envelope sent as plain JSON), each with a reason in the
/// service's own words. It runs once MassTransit has deserialized the body: a body that is not JSON at all fails
/// before it, with the deserializer's message.
/// </summary>
internal sealed class EventBodyFilter(int maxEventBytes) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        // The length is known for broker messages; copying the body to measure it is the fallback.
        var size = context.ReceiveContext.Body.Length ?? context.ReceiveContext.Body.GetBytes().Length;
        if (size == 0)
        {
            throw new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, "the message body is empty; an encounter event is a JSON object");
        }
        if (size > maxEventBytes)
        {
            throw new PermanentNoteFailureException(
                PermanentFailureKind.InvalidEvent,
                $"the event is {size} bytes; an encounter event is at most {maxEventBytes} bytes (Messaging:MaxEventBytes)");
        }
        if (EventBody.Problem(context.ReceiveContext.Body.GetBytes(), context.ReceiveContext.ContentType?.MediaType) is { } problem)
        {
            throw new PermanentNoteFailureException(PermanentFailureKind.InvalidEvent, problem);
        }
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("eventBody");
}
