namespace FhirNoteService.TestSupport;

/// <summary>
/// Remembers, as one file per PID in the folder FHIRNOTESERVICE_STARTED_PIDS names (set by .ci/run), the server and
/// worker processes the tests start, so that CI can stop exactly those if a test run dies before disposing them, and
/// nothing else on the machine.
/// </summary>
public static class StartedProcesses
{
    private static string? Folder => Environment.GetEnvironmentVariable("FHIRNOTESERVICE_STARTED_PIDS") is { Length: > 0 } folder ? folder : null;

    public static void Started(int pid)
    {
        if (Folder is { } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)), string.Empty);
        }
    }

    public static void Stopped(int pid)
    {
        if (Folder is { } folder)
        {
            File.Delete(Path.Combine(folder, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
