using Hl7.Fhir.Model;

namespace FhirNoteService.Core.Facts;

/// <summary>Numbers facts as they are added and drops those without a usable label.</summary>
internal sealed class FactListBuilder
{
    private readonly List<ClinicalFact> _facts = [];

    public void Add(FactKind kind, string heading, Resource source, string? label, string? value = null, DateTimeOffset? when = null, string? detail = null) =>
        Add(kind, heading, $"{source.TypeName}/{source.Id}", label, value, when, detail);

    public void Add(FactKind kind, string heading, string source, string? label, string? value = null, DateTimeOffset? when = null, string? detail = null)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return;
        }
        var statement = $"{heading}: {label}";
        if (value is not null)
        {
            statement += $", {value}";
        }
        if (detail is not null)
        {
            statement += $" ({detail})";
        }
        if (when is { } date && kind is not FactKind.Encounter)
        {
            statement += $", {FhirText.Date(date)}";
        }
        _facts.Add(new ClinicalFact(_facts.Count + 1, kind, statement, source, label.Trim(), value, when, detail));
    }

    public IReadOnlyList<ClinicalFact> Build() => _facts;
}
