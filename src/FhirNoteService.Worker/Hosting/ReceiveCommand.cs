using System.CommandLine;
using FhirNoteService.Fhir;
using FhirNoteService.Messaging;
using FhirNoteService.Receiver;

namespace FhirNoteService.Worker.Hosting;

/// <summary>
/// <c>receive</c>: the HTTP event receiver, the same image as the worker in its own role, scaled apart from it. It turns
/// FHIR Subscription notifications and Azure Event Grid / CloudEvents deliveries into messages on the bus, and hosts
/// the subscription tracker that catches up what never arrived (it reads the FHIR server for that only).
/// </summary>
internal static class ReceiveCommand
{
    public static Command Create() => ServiceCommand.Create(
        "receive",
        "Run the HTTP event receiver: POST /events/{source} (settings: Receiver, Subscriptions, Fhir, Messaging; --Section:Key=value).",
        builder => builder.Services
            .AddFhirAccess()
            .AddReceiverMessaging(builder.Configuration)
            .AddEventReceiver(),
        app => app.MapEventReceiver());
}
