using System.CommandLine;
using FhirNoteService.Fhir;

namespace FhirNoteService.Worker.Hosting;

/// <summary>
/// A long-running role of the binary (<c>run</c>, <c>receive</c>): a web host configured by appsettings.json, environment
/// variables and <c>--Section:Key=value</c>, whose settings are checked before it starts, with the health endpoints.
/// </summary>
internal static class ServiceCommand
{
    public static Command Create(string name, string description, Action<WebApplicationBuilder> addServices, Action<WebApplication>? mapEndpoints = null)
    {
        var command = new Command(name, description) { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = [.. parseResult.UnmatchedTokens],
                ContentRootPath = ContentRoot.Path,
            });
            builder.AddServiceDefaults();
            addServices(builder);
            await using var app = builder.Build();
            if (!await SettingsReport.CheckAsync(app.Services))
            {
                return SettingsReport.InvalidSettings;
            }
            var problem = app.Services.GetService<FhirCapabilityCheck>() is { } capabilities ? await capabilities.ProblemAsync(cancellationToken)
                : app.Services.GetService<Emrs.EmrEndpoints>() is { } emrs ? await emrs.CapabilityProblemAsync(cancellationToken)
                : null;
            if (problem is not null)
            {
                await Console.Error.WriteLineAsync($"fhir-note-service: {problem}");
                return SettingsReport.InvalidSettings;
            }
            app.MapHealthEndpoints();
            mapEndpoints?.Invoke(app);
            await app.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
