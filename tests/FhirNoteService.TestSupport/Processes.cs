using System.Diagnostics;

namespace FhirNoteService.TestSupport;

/// <summary>Runs a command to completion, failing with its error output.</summary>
public static class Processes
{
    public static async Task RunAsync(string file, string arguments, string? workingDirectory = null) =>
        await OutputOfAsync(file, arguments, workingDirectory);

    /// <summary>Runs the command and returns its standard output.</summary>
    public static async Task<string> OutputOfAsync(string file, string arguments, string? workingDirectory = null)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{file} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await errors}");
        }
        return output;
    }
}
