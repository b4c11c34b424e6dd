using System.CommandLine;

namespace FhirNoteService.Worker.Hosting;

/// <summary><c>run</c>: the worker service, configured by appsettings.json, environment variables and <c>--Section:Key=value</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the worker: consume encounter events and write draft notes (settings: appsettings.json, environment, --Section:Key=value).")
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
            builder.AddServiceDefaults().AddNoteService();
            await using var app = builder.Build();
            if (!await SettingsReport.CheckAsync(app.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            app.MapHealthEndpoints();
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
