using System.CommandLine;
using System.Globalization;
using FhirNoteService.Core.CatchUp;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir;
using FhirNoteService.Messaging;
using FhirNoteService.Messaging.Subscriptions;
using FhirNoteService.Worker.Hosting;
using MassTransit;
using Spectre.Console;

namespace FhirNoteService.Worker.Operations;

/// <summary>
/// <c>backfill --since {instant}</c>: the subscription tracker's catch-up on demand, for a first install or after an
/// outage: every encounter finished since then gets an encounter event (drafting is idempotent: what already has its
/// draft costs a read). Settings as for <c>run</c>.
/// </summary>
internal static class BackfillCommand
{
    public const int Unreachable = 3;

    public static Command Create()
    {
        var since = new Option<DateTimeOffset>("--since")
        {
            Description = "Publish an event for every encounter finished (last updated) at or after this instant, e.g. 2026-12-01T00:00:00Z",
            Required = true,
        };
        var command = new Command("backfill", "Publish encounter events for the encounters finished since a moment, with a progress bar (settings: Fhir, Messaging, Events).")
        {
            since,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = OperatorHost.CreateBuilder(parseResult);
            builder.Services.AddFhirAccess().AddCatchUp(builder.Configuration, withBus: true);
            using var host = builder.Build();
            if (!await SettingsReport.CheckAsync(host.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            return await RunAsync(host.Services, parseResult.GetValue(since), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var bus = services.GetRequiredService<IBusControl>();
        var console = AnsiConsole.Console;
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(TimeSpan.FromSeconds(30));
            await bus.StartAsync(connect.Token);
        }
        catch (Exception error) when (error is OperationCanceledException or MassTransitException && !cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("RabbitMQ is not reachable; check Messaging:RabbitMq.");
            return Unreachable;
        }
        try
        {
            var total = await services.GetRequiredService<IFinishedEncounterSearch>().CountFinishedSinceAsync(since, cancellationToken);
            var published = 0;
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask("Publishing encounter events", maxValue: Math.Max(total ?? 1, 1));
                    task.IsIndeterminate = total is null;
                    var request = new CatchUpRequest("backfill", "backfill", since, CatchUpReason.Backfill);
                    published = await services.GetRequiredService<EncounterCatchUp>().RunAsync(
                        request, bus, new Progress<int>(count => task.Value = count), cancellationToken);
                    task.Value = task.MaxValue;
                });
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]{published}[/] encounter event(s) published for encounters finished since {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}."));
            return 0;
        }
        catch (DependencyUnavailableException unavailable)
        {
            await Console.Error.WriteLineAsync($"The FHIR server is not reachable ({unavailable.Message}); check Fhir:BaseUrl.");
            return Unreachable;
        }
        catch (PermanentNoteFailureException refused)
        {
            await Console.Error.WriteLineAsync($"The FHIR server refused the search: {refused.Message}");
            return 1;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
