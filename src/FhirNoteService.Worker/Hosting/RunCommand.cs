using System.CommandLine;

namespace FhirNoteService.Worker.Hosting;

/// <summary><c>run</c>: the worker service, configured by appsettings.json, environment variables and <c>--Section:Key=value</c>.</summary>
internal static class RunCommand
{
    public static Command Create() => ServiceCommand.Create(
        "run",
        "Run the worker: consume encounter events and write draft notes (settings: appsettings.json, environment, --Section:Key=value).",
        builder => builder.AddNoteService());
}
