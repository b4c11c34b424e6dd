using FhirNoteService.Ai.Languages;
using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Offline;

/// <summary>
/// Writes notes without a model: every statement is one fact (or the opening summary of several), phrased by
/// its kind in the note's language and cited by number. Deterministic, offline, and the embedded default.
/// </summary>
public sealed class OfflineNoteGenerator(LanguagePacks languages) : INoteGenerator
{
    /// <summary>An offline generator with the built-in language packs.</summary>
    public OfflineNoteGenerator()
        : this(LanguagePacks.BuiltIn)
    {
    }

    public static GeneratorIdentity Identity { get; } = new(
        "fhirnoteservice-offline-extractive/1.0",
        "FhirNoteService offline extractive generator",
        "1.0",
        "Rule-Based-Systems",
        "FhirNoteService");

    public Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pack = languages.For(request.Language);
        var template = pack.For(request.NoteType);
        var sections = new List<NoteSection>();
        if (Opening(pack, request.Facts) is { } opening)
        {
            sections.Add(new NoteSection(pack.SummaryHeading, [opening]));
        }
        foreach (var section in template.Sections)
        {
            var statements = section.Kinds
                .SelectMany(request.Facts.OfKind)
                .Select(fact => new NoteStatement(FactPhrasing.Phrase(pack, fact), [fact.Number]))
                .ToList();
            if (statements.Count > 0)
            {
                sections.Add(new NoteSection(section.Heading, statements));
            }
        }
        return Task.FromResult(new GeneratedNote(template.Title, sections, request.Language, Identity, pack.Labels));
    }

    private static NoteStatement? Opening(LanguagePack pack, FactSheet facts)
    {
        var patient = facts.OfKind(FactKind.Demographics).FirstOrDefault();
        var encounter = facts.OfKind(FactKind.Encounter).FirstOrDefault();
        if (encounter is null)
        {
            return null;
        }
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["{patient}"] = patient is null ? null : $"{char.ToUpperInvariant(patient.Label[0])}{patient.Label[1..]}",
            ["{encounter}"] = encounter.Label,
            ["{span}"] = encounter.Value,
        };
        int[] cited = patient is null ? [encounter.Number] : [patient.Number, encounter.Number];
        return new NoteStatement(FactPhrasing.Fill(pack.Opening, values) ?? encounter.Statement, cited);
    }
}
