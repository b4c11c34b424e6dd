using System.CommandLine;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir;
using FhirNoteService.Fhir.Subscriptions;
using FhirNoteService.Receiver;
using FhirNoteService.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Worker.Operations;

/// <summary>
/// <c>subscribe</c>: sets up the EMR side of a FHIR Subscription source: creates or updates the R4 Backport rest-hook
/// Subscription that posts finished encounters to the receiver, with the source's token as its channel header, checks
/// its <c>$status</c>, and prints what it did (never the token). Settings as for <c>receive</c>.
/// </summary>
internal static class SubscribeCommand
{
    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "The receiver source (Receiver:Sources:{name}, Kind FhirSubscription) whose token and heartbeat the Subscription uses", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "Where the EMR posts: the receiver's public URL for the source, e.g. https://notes.hospital.example/events/emr", Required = true };
        var topic = new Option<string>("--topic") { Description = "The canonical URL of the EMR's SubscriptionTopic for finished encounters (vendor specific)", Required = true };
        var filter = new Option<string>("--filter") { Description = "The topic filter", DefaultValueFactory = _ => "Encounter?status=finished" };
        var payload = new Option<string>("--payload") { Description = "id-only (recommended), full-resource or empty", DefaultValueFactory = _ => "id-only" };
        payload.AcceptOnlyFromAmong("id-only", "full-resource", "empty");
        var command = new Command("subscribe", "Create or update the EMR's Subscription (R4 Backport) that sends finished encounters to the receiver, and check its $status.")
        {
            source, endpoint, topic, filter, payload,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.Validators.Add(result =>
        {
            foreach (var option in new[] { endpoint, topic })
            {
                if (result.GetValue(option) is { } text && !Uri.TryCreate(text, UriKind.Absolute, out _))
                {
                    result.AddError($"{option.Name} must be an absolute URL.");
                }
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = OperatorHost.CreateBuilder(parseResult);
            builder.Services.AddFhirAccess().AddEventReceiver();
            using var host = builder.Build();
            if (!await SettingsReport.CheckAsync(host.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            var name = parseResult.GetValue(source)!;
            var sources = host.Services.GetRequiredService<IOptions<ReceiverOptions>>().Value.Sources;
            if (!sources.TryGetValue(name, out var sourceOptions) || sourceOptions.Kind != EventSourceKinds.FhirSubscription)
            {
                await Console.Error.WriteLineAsync($"Receiver:Sources:{name} is not a FhirSubscription source; configure its Kind and Token first.");
                return SettingsReport.InvalidSettings;
            }
            var heartbeat = sourceOptions.HeartbeatPeriod ?? TimeSpan.FromMinutes(1);
            var request = new SubscriptionRequest(new Uri(parseResult.GetValue(topic)!), parseResult.GetValue(filter)!, new Uri(parseResult.GetValue(endpoint)!), sourceOptions.Token, parseResult.GetValue(payload)!, heartbeat);
            try
            {
                var result = await host.Services.GetRequiredService<SubscriptionSetup>().EnsureAsync(request, cancellationToken);
                Console.WriteLine($"{(result.Created ? "Created" : "Updated")} {result.Reference} (status {result.Status}) on {host.Services.GetRequiredService<IOptions<FhirServerOptions>>().Value.BaseUrl}");
                Console.WriteLine($"  topic {request.Topic}, filter {request.Filter}, payload {request.PayloadContent}, heartbeat every {heartbeat.TotalSeconds:0} s");
                Console.WriteLine($"  posts to {request.Endpoint} with Authorization: Bearer *** (Receiver:Sources:{name}:Token)");
                Console.WriteLine($"  {result.StatusCheck}");
                if (sourceOptions.HeartbeatPeriod is null)
                {
                    Console.WriteLine($"  set Receiver:Sources:{name}:HeartbeatPeriod={heartbeat:c} on the receiver so that missed heartbeats are caught up");
                }
                return 0;
            }
            catch (DependencyUnavailableException unavailable)
            {
                await Console.Error.WriteLineAsync($"The FHIR server is not reachable ({unavailable.Message}); check Fhir:BaseUrl.");
                return BackfillCommand.Unreachable;
            }
            catch (PermanentNoteFailureException refused)
            {
                await Console.Error.WriteLineAsync($"The FHIR server refused: {refused.Message}");
                return 1;
            }
        });
        return command;
    }
}
