using FhirNoteService.Core.Context;

namespace FhirNoteService.Core.Facts;

/// <summary>The numbered facts about one encounter, in the order they were extracted.</summary>
public sealed class FactSheet
{
    private readonly Dictionary<int, ClinicalFact> _byNumber;

    public FactSheet(IReadOnlyList<ClinicalFact> facts, IReadOnlyList<RecordPart>? unread = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        Facts = facts;
        Unread = unread ?? [];
        _byNumber = facts.ToDictionary(f => f.Number);
    }

    public IReadOnlyList<ClinicalFact> Facts { get; }

    /// <summary>Parts of the record the FHIR server could not be made to return: the note says they are missing.</summary>
    public IReadOnlyList<RecordPart> Unread { get; }

    public ClinicalFact? Find(int number) => _byNumber.GetValueOrDefault(number);

    public IEnumerable<ClinicalFact> OfKind(FactKind kind) => Facts.Where(f => f.Kind == kind);

    /// <summary>The distinct source resources of the given facts, in first-seen order.</summary>
    public IReadOnlyList<string> SourcesOf(IEnumerable<int> numbers) =>
        numbers.Select(Find).OfType<ClinicalFact>().Select(f => f.Source).Distinct(StringComparer.Ordinal).ToList();
}
