using FhirNoteService.Core.Configuration;

namespace FhirNoteService.Worker.Hosting;

/// <summary>Refuses to start with invalid settings, listing every problem by the setting it names.</summary>
internal static class SettingsReport
{
    /// <summary>The exit code of a command that refused to start because of its settings.</summary>
    public const int InvalidSettings = 2;

    /// <summary>True when the settings are valid; otherwise writes what is wrong to standard error.</summary>
    public static async Task<bool> CheckAsync(IServiceProvider services)
    {
        var problems = services.SettingsProblems();
        if (problems.Count == 0)
        {
            return true;
        }
        await Console.Error.WriteLineAsync("fhir-note-service: the settings are not valid (appsettings.json, environment variables Section__Key, or --Section:Key=value):");
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync($"  - {problem}");
        }
        return false;
    }
}
