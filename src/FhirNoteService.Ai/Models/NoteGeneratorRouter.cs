using FhirNoteService.Ai.Languages;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Ai.Models;

/// <summary>Sends each note to the generator configured for its note type (globally, or in Generation:NoteTypes).</summary>
internal sealed class NoteGeneratorRouter : INoteGenerator
{
    private readonly Dictionary<string, INoteGenerator> _byNoteType = new(StringComparer.OrdinalIgnoreCase);
    private readonly INoteGenerator _default;

    public NoteGeneratorRouter(IOptions<GenerationOptions> options, ChatClientFactory chatClients, OfflineNoteGenerator offline, LanguagePacks languages, NoteTelemetry telemetry, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = options.Value;
        INoteGenerator Build(ModelProfile? profile) => profile is null
            ? offline
            : new FallbackNoteGenerator(new ModelNoteGenerator(chatClients.Create(profile), profile.Identity, languages), offline, telemetry, loggers.CreateLogger<FallbackNoteGenerator>());
        _default = Build(ModelProfile.Resolve(settings, null));
        foreach (var (noteType, overrides) in settings.NoteTypes)
        {
            _byNoteType[noteType] = Build(ModelProfile.Resolve(settings, overrides));
        }
    }

    public Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var generator = _byNoteType.GetValueOrDefault(request.NoteType.Key) ?? _default;
        return generator.GenerateAsync(request, cancellationToken);
    }
}
