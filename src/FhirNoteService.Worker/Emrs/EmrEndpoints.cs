using System.Diagnostics.Metrics;
using FhirNoteService.Ai;
using FhirNoteService.Core;
using FhirNoteService.Core.Configuration;
using FhirNoteService.Core.Pipeline;
using FhirNoteService.Fhir;
using FhirNoteService.Messaging.Drafts;
using MassTransit;

namespace FhirNoteService.Worker.Emrs;

/// <summary>
/// The EMRs one worker serves (a hospital group), each under <c>Emrs:{name}</c>: its own FHIR server, authentication,
/// write profile, note rules, language and models, over the settings they share at the top level. Each gets its own
/// pipeline, FHIR clients, token cache and draft writer (a child service provider on the worker's logging, metrics
/// and bus), so a draft never crosses from one EMR to another. Events name their EMR in <c>sourceSystem</c>.
/// </summary>
public sealed class EmrEndpoints : IDisposable
{
    public const string SectionName = "Emrs";

    private readonly Dictionary<string, Lazy<ServiceProvider>> _endpoints;

    public EmrEndpoints(IServiceProvider root, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _endpoints = NamesIn(configuration).ToDictionary(
            name => name,
            name => new Lazy<ServiceProvider>(() => Build(root, configuration, name)),
            StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Names => [.. _endpoints.Keys];

    /// <summary>The EMRs configured under <c>Emrs</c>, in order; none: the worker serves the one in <c>Fhir</c>.</summary>
    public static IReadOnlyList<string> NamesIn(IConfiguration configuration) =>
        configuration.GetSection(SectionName).GetChildren().Select(c => c.Key).ToList();

    /// <summary>The services of the EMR named <paramref name="name"/>, or null when the worker serves none by that name.</summary>
    public IServiceProvider? For(string? name) =>
        name is not null && _endpoints.TryGetValue(name, out var endpoint) ? endpoint.Value : null;

    /// <summary>Every EMR's settings problems, each prefixed with its section.</summary>
    public IEnumerable<string> SettingsProblems() =>
        _endpoints.SelectMany(e => e.Value.Value.SettingsProblems().Select(problem => $"{SectionName}:{e.Key}: {problem}"));

    /// <summary>Each EMR's write profile against its CapabilityStatement (see <see cref="FhirCapabilityCheck"/>).</summary>
    public async Task<string?> CapabilityProblemAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, endpoint) in _endpoints)
        {
            if (await endpoint.Value.GetRequiredService<FhirCapabilityCheck>().ProblemAsync(cancellationToken) is { } problem)
            {
                return $"{SectionName}:{name}: {problem}";
            }
        }
        return null;
    }

    public void Dispose()
    {
        foreach (var endpoint in _endpoints.Values.Where(e => e.IsValueCreated))
        {
            endpoint.Value.Dispose();
        }
    }

    // The EMR's settings: its own section over the shared ones, with Events:SourceSystem set to its name.
    private static ServiceProvider Build(IServiceProvider root, IConfiguration configuration, string name)
    {
        var settings = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddConfiguration(configuration.GetSection($"{SectionName}:{name}"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Events:SourceSystem"] = name })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(settings);
        services.AddSingleton(root.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(root.GetRequiredService<IMeterFactory>());
        services.AddSingleton(root.GetRequiredService<NoteTelemetry>());
        services.AddSingleton(root.GetRequiredService<IBus>());
        services.AddSingleton(TimeProvider.System);
        services.AddNoteDrafting().AddFhirAccess().AddNoteGeneration().AddDraftReadyPublishing(settings);
        services.AddSingleton<FhirCapabilityCheck>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
