using FhirNoteService.Ai.Languages;
using FhirNoteService.Ai.Offline;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;
using FhirNoteService.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Ai.Models;

/// <summary>
/// Sends each note to the generator of the model profile its rule chose (Generation:Profiles), else of its note type
/// (Generation:NoteTypes), else the global one; a record too
/// thin for a model (fewer clinical facts than the note type's Generation:MinimumFacts) goes to the offline generator
/// without a model call.
/// </summary>
internal sealed partial class NoteGeneratorRouter : INoteGenerator
{
    private static readonly FactKind[] NotClinical = [FactKind.Demographics, FactKind.Encounter];

    private readonly Dictionary<string, (INoteGenerator Generator, int MinimumFacts)> _byNoteType = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, (INoteGenerator Generator, int MinimumFacts)> _byProfile = new(StringComparer.OrdinalIgnoreCase);
    private readonly (INoteGenerator Generator, int MinimumFacts) _default;
    private readonly OfflineNoteGenerator _offline;
    private readonly NoteTelemetry _telemetry;
    private readonly ILogger<NoteGeneratorRouter> _logger;

    public NoteGeneratorRouter(IOptions<GenerationOptions> options, ChatClientFactory chatClients, OfflineNoteGenerator offline, LanguagePacks languages, NoteTelemetry telemetry, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _offline = offline;
        _telemetry = telemetry;
        _logger = loggers.CreateLogger<NoteGeneratorRouter>();
        var settings = options.Value;
        INoteGenerator Build(ModelProfile? profile) => profile is null
            ? offline
            : new FallbackNoteGenerator(new ModelNoteGenerator(chatClients.Create(profile), profile.Identity, languages), offline, telemetry, loggers.CreateLogger<FallbackNoteGenerator>());
        _default = (Build(ModelProfile.Resolve(settings, null)), settings.MinimumFacts);
        foreach (var (noteType, overrides) in settings.NoteTypes)
        {
            _byNoteType[noteType] = (Build(ModelProfile.Resolve(settings, overrides)), overrides.MinimumFacts ?? settings.MinimumFacts);
        }
        foreach (var (name, profile) in settings.Profiles)
        {
            _byProfile[name] = (Build(ModelProfile.Resolve(settings, profile)), profile.MinimumFacts ?? settings.MinimumFacts);
        }
    }

    public Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (generator, minimum) = request.Model is { } profile && _byProfile.TryGetValue(profile, out var chosen)
            ? chosen
            : _byNoteType.GetValueOrDefault(request.NoteType.Key, _default);
        if (generator == _offline)
        {
            return generator.GenerateAsync(request, cancellationToken);
        }
        var clinical = request.Facts.Facts.Count(f => !NotClinical.Contains(f.Kind));
        if (clinical < minimum)
        {
            _telemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>("note_type", request.NoteType.Key), new KeyValuePair<string, object?>("reason", "thin-record"));
            LogThinRecord(_logger, request.NoteType.Key, clinical, minimum);
            return _offline.GenerateAsync(request, cancellationToken);
        }
        return generator.GenerateAsync(request, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No model for this {NoteType}: the record has {Facts} clinical facts, fewer than Generation:MinimumFacts ({Minimum}); the offline generator writes it")]
    private static partial void LogThinRecord(ILogger logger, string noteType, int facts, int minimum);
}
