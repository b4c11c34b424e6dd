using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Offline;

/// <summary>
/// Writes notes without a model: every statement is one fact (or the opening summary of several), phrased by
/// its kind and cited by number. Deterministic, offline, and the embedded default.
/// </summary>
public sealed class OfflineNoteGenerator : INoteGenerator
{
    public static GeneratorIdentity DefaultIdentity { get; } = new(
        "fhirnoteservice-offline-extractive/1.0",
        "FhirNoteService offline extractive generator",
        "1.0",
        "Rule-Based-Systems",
        "FhirNoteService");

    public GeneratorIdentity Identity => DefaultIdentity;

    public Task<GeneratedNote> GenerateAsync(NoteRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var template = NoteTemplate.For(request.NoteType);
        var sections = new List<NoteSection>();
        if (Opening(request.Facts) is { } opening)
        {
            sections.Add(new NoteSection("Summary", [opening]));
        }
        foreach (var section in template.Sections)
        {
            var statements = section.Kinds
                .SelectMany(request.Facts.OfKind)
                .Select(fact => new NoteStatement(Phrase(fact), [fact.Number]))
                .ToList();
            if (statements.Count > 0)
            {
                sections.Add(new NoteSection(section.Heading, statements));
            }
        }
        return Task.FromResult(new GeneratedNote(template.Title, sections, request.Language));
    }

    private static NoteStatement? Opening(FactSheet facts)
    {
        var patient = facts.OfKind(FactKind.Demographics).FirstOrDefault();
        var encounter = facts.OfKind(FactKind.Encounter).FirstOrDefault();
        if (encounter is null)
        {
            return null;
        }
        var who = patient is null ? "Patient" : $"{char.ToUpperInvariant(patient.Label[0])}{patient.Label[1..]} patient";
        var text = $"{who} seen for {encounter.Label}" + (encounter.Value is null ? "." : $" {encounter.Value}.");
        int[] cited = patient is null ? [encounter.Number] : [patient.Number, encounter.Number];
        return new NoteStatement(text, cited);
    }

    private static string Phrase(ClinicalFact fact)
    {
        var date = fact.When is { } when ? when.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null;
        return fact.Kind switch
        {
            FactKind.Diagnosis or FactKind.Problem => date is null ? $"{fact.Label}." : $"{fact.Label} (onset {date}).",
            FactKind.Procedure => date is null ? $"{fact.Label}." : $"{fact.Label} on {date}.",
            FactKind.Medication => fact.Value is null ? $"{fact.Label}." : $"{fact.Label}, {fact.Value}.",
            FactKind.VitalSign or FactKind.LabResult => date is null ? $"{fact.Label}: {fact.Value}." : $"{fact.Label}: {fact.Value} ({date}).",
            FactKind.Report => date is null ? $"{fact.Label} reported." : $"{fact.Label} reported {date}.",
            FactKind.Disposition => $"{fact.Label}.",
            _ => $"{fact.Label}.",
        };
    }
}
