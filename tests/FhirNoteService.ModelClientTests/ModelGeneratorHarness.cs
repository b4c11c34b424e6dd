using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Notes;
using FhirNoteService.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.ModelClientTests;

/// <summary>The real generator stack (router, fallback, chat client pipeline, resilient HttpClient) against a fake model server.</summary>
internal sealed class ModelGeneratorHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public ModelGeneratorHarness(FakeModelServer server, string provider, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Generation:Provider"] = provider,
            ["Generation:Endpoint"] = provider == "openai" ? $"{server.BaseUrl}v1/" : server.BaseUrl.ToString(),
            ["Generation:Model"] = "test-model",
            ["Generation:ApiKey"] = "test-key",
            ["Generation:ModelVersion"] = "2026-01",
            ["Generation:Timeout"] = "00:00:05",
            ["Generation:MaxRetries"] = "2",
            ["Generation:RetryDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        _services = new ServiceCollection()
            .AddPipelineWithFakes(new FakeContextReader(_ => ContextFixtures.Context()), new RecordingDraftWriter(), settings)
            .BuildServiceProvider();
        Generator = _services.GetRequiredService<INoteGenerator>();
    }

    public INoteGenerator Generator { get; }

    public static NoteRequest Request(string language = "en-US") =>
        DraftFixtures.Request(ContextFixtures.Context(), ClinicalNoteType.DischargeSummary, language);

    public static int FactNumber(NoteRequest request, FactKind kind) => request.Facts.OfKind(kind).First().Number;

    public void Dispose() => _services.Dispose();
}
