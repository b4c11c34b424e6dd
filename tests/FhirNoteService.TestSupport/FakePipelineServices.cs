using FhirNoteService.Ai;
using FhirNoteService.Core;
using FhirNoteService.Core.Context;
using FhirNoteService.Core.Drafts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FhirNoteService.TestSupport;

/// <summary>The real pipeline and offline generator, with the FHIR reader and writer replaced by fakes.</summary>
public static class FakePipelineServices
{
    public static IServiceCollection AddPipelineWithFakes(
        this IServiceCollection services,
        IClinicalContextReader reader,
        IDraftWriter writer,
        IDictionary<string, string?>? settings = null) =>
        services
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build())
            .AddLogging()
            .AddMetrics()
            .AddNoteDrafting()
            .AddNoteGeneration()
            .AddSingleton(reader)
            .AddSingleton(writer);
}
