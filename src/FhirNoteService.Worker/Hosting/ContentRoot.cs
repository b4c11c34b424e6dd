namespace FhirNoteService.Worker.Hosting;

/// <summary>
/// Where the worker finds appsettings.json: beside its own binary, wherever it is started from (the default, the
/// current folder, would silently drop its settings when started as <c>dotnet /app/fhir-note-service.dll</c> from /).
/// </summary>
internal static class ContentRoot
{
    public static string Path => AppContext.BaseDirectory;
}
