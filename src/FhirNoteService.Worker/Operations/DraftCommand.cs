using System.CommandLine;
using FhirNoteService.Ai;
using FhirNoteService.Contracts;
using FhirNoteService.Core;
using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir;
using FhirNoteService.Fhir.Writing;
using FhirNoteService.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Worker.Operations;

/// <summary>
/// <c>draft Encounter/{id} [--dry-run] [--explain]</c>: drafts one encounter's notes as the worker would, without the
/// bus, and shows what it drafted from: the facts, the note, and the transaction it writes (with <c>--dry-run</c>, would
/// write: nothing is written). <c>--explain</c> shows each statement with the facts it cites and the grounding verdict.
/// Settings as for <c>run</c>. Exit codes: 0 drafted, 4 nothing to draft (the reason is printed), 1 the encounter or
/// its record cannot be drafted, 2 invalid settings, 3 the FHIR server or model is unreachable.
/// </summary>
internal static class DraftCommand
{
    public const int NothingToDraft = 4;

    public static Command Create()
    {
        var encounter = new Argument<string>("encounter") { Description = "The encounter, e.g. Encounter/123" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write nothing: show the transaction that would be sent" };
        var explain = new Option<bool>("--explain") { Description = "Show each statement with the facts it cites and the grounding verdict" };
        var command = new Command("draft", "Draft one encounter's notes now, showing the facts, the note and the FHIR transaction (settings as for run).")
        {
            encounter,
            dryRun,
            explain,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = OperatorHost.CreateBuilder(parseResult);
            var isDryRun = parseResult.GetValue(dryRun);
            builder.Services.AddNoteDrafting().AddFhirAccess().AddNoteGeneration();
            builder.Services.AddSingleton(provider =>
            {
                var singleRequests = provider.GetRequiredService<IOptions<FhirServerOptions>>().Value.WriteProfile == WriteProfiles.SingleRequests;
                return new InspectedDraftWriter(isDryRun ? null : FhirAccessServiceCollectionExtensions.CreateDraftWriter(provider), singleRequests);
            });
            builder.Services.AddSingleton<IDraftWriter>(provider => provider.GetRequiredService<InspectedDraftWriter>());
            using var host = builder.Build();
            if (!await SettingsReport.CheckAsync(host.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            if (!isDryRun && host.Services.GetRequiredService<IOptions<FhirServerOptions>>().Value.WriteProfile == WriteProfiles.NoDraftState)
            {
                await Console.Error.WriteLineAsync("Fhir:WriteProfile is no-draft-state: drafts are published on the bus by the worker, never written to the EMR; use --dry-run here.");
                return SettingsReport.InvalidSettings;
            }
            var report = new DraftReport(Console.Out, isDryRun, parseResult.GetValue(explain));
            // Started for the audit trail: a context read is audited like the worker's, and sent before the command ends.
            await host.StartAsync(cancellationToken);
            try
            {
                return await RunAsync(host.Services, parseResult.GetValue(encounter)!, report, cancellationToken);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, string encounter, DraftReport report, CancellationToken cancellationToken)
    {
        using var scope = services.CreateScope();
        var pipeline = scope.ServiceProvider.GetRequiredService<NoteDraftingPipeline>();
        var inspected = services.GetRequiredService<InspectedDraftWriter>();
        DraftingOutcome outcome;
        try
        {
            outcome = await pipeline.DraftAsync(new EncounterEvent(encounter, EncounterEventKinds.Finished, DateTimeOffset.UtcNow), cancellationToken);
        }
        catch (PermanentNoteFailureException failure)
        {
            await Console.Error.WriteLineAsync($"{failure.Kind}: {failure.Message}");
            return 1;
        }
        catch (DependencyUnavailableException unavailable)
        {
            await Console.Error.WriteLineAsync($"{unavailable.Dependency.Name()} unavailable: {unavailable.Message}");
            return BackfillCommand.Unreachable;
        }
        await report.WriteAsync(encounter, outcome, inspected);
        return outcome.Drafts.Count > 0 ? 0 : NothingToDraft;
    }
}
