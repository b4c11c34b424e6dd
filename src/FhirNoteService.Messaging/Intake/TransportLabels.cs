using MassTransit;

namespace FhirNoteService.Messaging.Intake;

/// <summary>The content type and encoding exactly as the sender set them, before MassTransit substitutes a default.</summary>
internal static class TransportLabels
{
    public static BodyLabels Of(ReceiveContext receiveContext)
    {
        if (receiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
        {
            return new BodyLabels(rabbit.Properties.ContentType, rabbit.Properties.ContentEncoding);
        }
        return new BodyLabels(receiveContext.ContentType?.ToString(), receiveContext.TransportHeaders.Get<string>("Content-Encoding"));
    }
}
