using System.Formats.Tar;
using System.IO.Compression;
using FhirNoteService.TestSupport;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace FhirNoteService.IntegrationTests.Infrastructure;

/// <summary>
/// Firely's validator, offline: base R4 from the specification zip plus US Core 7.0.0 and the AI Transparency IG
/// from ../shared/profiles, and the StructureDefinitions the service ships for its own extensions (fhir/).
/// One per test class; a Validator instance is not thread-safe, so calls are serialised.
/// </summary>
public sealed class ProfileValidator : IDisposable
{
    private readonly string _packageFolder;
    private readonly Validator _validator;
    private readonly Lock _gate = new();

    public ProfileValidator()
    {
        _packageFolder = Path.Combine(Path.GetTempPath(), $"uscore-{Guid.NewGuid():N}");
        ExtractPackage(RepositoryPaths.UsCorePackage, _packageFolder);
        var usCore = new DirectorySource(Path.Combine(_packageFolder, "package"), new DirectorySourceSettings { IncludeSubDirectories = false });
        var aiProfiles = new DirectorySource(Path.Combine(RepositoryPaths.AiTransparency, "snapshots"), new DirectorySourceSettings { IncludeSubDirectories = false });
        var aiTerminology = new DirectorySource(Path.Combine(RepositoryPaths.AiTransparency, "conformance"), new DirectorySourceSettings { IncludeSubDirectories = false });
        var own = new DirectorySource(RepositoryPaths.Conformance, new DirectorySourceSettings { IncludeSubDirectories = false });
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(ZipSource.CreateValidationSource(), usCore, aiProfiles, aiTerminology, own)));
        _validator = new Validator(resolver.AsAsync(), new LocalTerminologyService(resolver.AsAsync()));
    }

    /// <summary>The error and fatal issues of validating <paramref name="resource"/> against <paramref name="profile"/> (or its base type).</summary>
    public IReadOnlyList<string> Errors(Resource resource, string? profile = null) =>
        Issues(resource, profile, OperationOutcome.IssueSeverity.Error, OperationOutcome.IssueSeverity.Fatal);

    /// <summary>The warnings of validating <paramref name="resource"/> against <paramref name="profile"/> (or its base type).</summary>
    public IReadOnlyList<string> Warnings(Resource resource, string? profile = null) =>
        Issues(resource, profile, OperationOutcome.IssueSeverity.Warning);

    private List<string> Issues(Resource resource, string? profile, params OperationOutcome.IssueSeverity[] severities)
    {
        OperationOutcome outcome;
        lock (_gate)
        {
            outcome = _validator.Validate(resource, profile);
        }
        return outcome.Issue
            .Where(i => i.Severity is { } severity && severities.Contains(severity))
            .Where(i => !UnresolvableSlice(i.Details?.Text ?? i.Diagnostics))
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();
    }

    // AI-Provenance slices entity by the profile of what it refers to (what.resolve()), which an offline validator
    // cannot resolve: it then tries every entity against the modelCard and inputPrompt slices, whose role is fixed to
    // derivation, and reports each source entity. Only that report is set aside; every other rule of the profile holds.
    private static bool UnresolvableSlice(string? message) =>
        message is not null && message.Contains("is not exactly equal to fixed value 'derivation' (for slice ", StringComparison.Ordinal)
        && (message.EndsWith("(for slice modelCard)", StringComparison.Ordinal) || message.EndsWith("(for slice inputPrompt)", StringComparison.Ordinal));

    public void Dispose()
    {
        if (Directory.Exists(_packageFolder))
        {
            Directory.Delete(_packageFolder, recursive: true);
        }
    }

    private static void ExtractPackage(string tgz, string folder)
    {
        Directory.CreateDirectory(folder);
        using var file = File.OpenRead(tgz);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        TarFile.ExtractToDirectory(gzip, folder, overwriteFiles: true);
    }
}
