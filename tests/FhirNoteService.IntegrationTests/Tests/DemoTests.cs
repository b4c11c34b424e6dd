using FhirNoteService.IntegrationTests.Infrastructure;
using FhirNoteService.TestSupport;
using FhirNoteService.Worker.Demo;

namespace FhirNoteService.IntegrationTests.Tests;

/// <summary>The README's first command: the demo job on embedded defaults.</summary>
[Trait("Category", "Integration")]
public sealed class DemoTests : IAsyncLifetime
{
    private SandboxFhirServer _fhir = null!;

    public async Task InitializeAsync() => _fhir = await SandboxFhirServer.StartAsync();

    public async Task DisposeAsync() => await _fhir.DisposeAsync();

    [Fact]
    public async Task Demo_RepositorySamples_DraftsOneNoteOfEachTypeAndPrintsOne()
    {
        var output = new StringWriter();
        var samples = new DirectoryInfo(Path.Combine(RepositoryPaths.Root, "samples", "patients"));

        var exitCode = await new DemoRunner(new DemoSettings(_fhir.BaseUrl, samples, null, TimeSpan.FromMinutes(2)), output).RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("Loaded 1/1 patients (3 finished encounters)", text, StringComparison.Ordinal);
        Assert.Matches(@"Discharge summary\s+1 drafts", text);
        Assert.Matches(@"Emergency department note\s+1 drafts", text);
        Assert.Matches(@"Progress note\s+1 drafts", text);
        Assert.Matches(@"Events failed\s+0", text);
        Assert.Contains("One draft: DocumentReference/", text, StringComparison.Ordinal);
        Assert.Contains("docStatus preliminary, security AIAST", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Avery", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_SyntheaPatients_LoadsThemAllAndDraftsTheRequestedNumber()
    {
        var output = new StringWriter();

        var exitCode = await new DemoRunner(new DemoSettings(_fhir.BaseUrl, new DirectoryInfo(RepositoryPaths.Synthea), 25, TimeSpan.FromMinutes(3)), output).RunAsync(CancellationToken.None);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("Loaded 20/20 patients (270 finished encounters)", text, StringComparison.Ordinal);
        Assert.Matches(@"Drafts written\s+25 \(0 were already there\)", text);
    }
}
