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
    public static Command Create()
    {
        var command = new Command("receive", "Run the HTTP event receiver: POST /events/{source} (settings: Receiver, Subscriptions, Fhir, Messaging; --Section:Key=value).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [.. parseResult.UnmatchedTokens],
                ContentRootPath = ContentRoot.Path,
            });
            builder.AddServiceDefaults();
            builder.Services
                .AddFhirAccess()
                .AddReceiverMessaging(builder.Configuration)
                .AddEventReceiver();
            await using var app = builder.Build();
            if (!await SettingsReport.CheckAsync(app.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            app.MapHealthEndpoints();
            app.MapEventReceiver();
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
