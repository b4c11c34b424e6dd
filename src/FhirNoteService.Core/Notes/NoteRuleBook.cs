using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Facts;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Notes;

/// <summary>Decides which notes an encounter gets: the first rule (configured, then default) whose conditions all hold.</summary>
public sealed class NoteRuleBook(IOptions<NoteRuleOptions> options, IOptions<DraftOptions> drafts)
{
    /// <summary>The rules in the order they are tried.</summary>
    public IReadOnlyList<NoteRule> Rules => _rules ??= options.Value.RulesInOrder();

    private IReadOnlyList<NoteRule>? _rules;

    /// <summary>
    /// The note types some rule can give, in a fixed order: the only series a context read needs to look for (each one
    /// more is two identifiers more in every read's draft search).
    /// </summary>
    public IReadOnlyList<ClinicalNoteType> NoteTypesInUse => _inUse ??= ClinicalNoteType.All
        .Where(type => Rules.Any(rule => rule.Notes.Any(note => string.Equals(note.NoteType, type.Key, StringComparison.OrdinalIgnoreCase))))
        .ToList();

    private IReadOnlyList<ClinicalNoteType>? _inUse;

    /// <summary>The notes the encounter gets, or an empty list with the reason it gets none.</summary>
    public (IReadOnlyList<NoteAssignment> Notes, string? ReasonForNone) Decide(Encounter encounter)
    {
        ArgumentNullException.ThrowIfNull(encounter);
        var rule = Rules.FirstOrDefault(r => Matches(r, encounter));
        if (rule is null)
        {
            var status = FhirText.Code(encounter.Status) ?? "missing";
            return ([], status != "finished"
                ? $"the encounter's status is '{status}', not 'finished'"
                : $"no note rule matches encounter class '{encounter.Class?.Code ?? "missing"}'");
        }
        if (rule.Notes.Count == 0)
        {
            return ([], $"note rule '{rule.Name}' gives this encounter no note");
        }
        var language = drafts.Value.Language;
        return (rule.Notes.Select(n =>
        {
            var noteType = ClinicalNoteType.FromKey(n.NoteType) ?? throw new InvalidOperationException($"note rule '{rule.Name}' names an unknown note type");
            return new NoteAssignment(noteType, n.Template ?? noteType.Key, n.Language ?? language, n.Model, rule.Name);
        }).ToList(), null);
    }

    public static bool Matches(NoteRule rule, Encounter encounter)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(encounter);
        var status = FhirText.Code(encounter.Status);
        return (rule.Statuses.Count == 0 ? status == "finished" : rule.Statuses.Contains(status ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            && AnyOf(rule.Classes, encounter.Class?.Code is { } code ? [code] : [])
            && AnyOf(rule.Types, encounter.Type.SelectMany(Codings))
            && AnyOf(rule.ServiceTypes, encounter.ServiceType is { } serviceType ? Codings(serviceType) : [])
            && AnyOf(rule.Departments, Departments(encounter))
            && WithinStay(rule, encounter);
    }

    private static bool AnyOf(List<string> wanted, IEnumerable<string> present) =>
        wanted.Count == 0 || present.Any(p => wanted.Contains(p, StringComparer.OrdinalIgnoreCase));

    // A coding matches as "system|code" and as "code".
    private static IEnumerable<string> Codings(CodeableConcept concept) =>
        concept.Coding.Where(c => !string.IsNullOrEmpty(c.Code)).SelectMany(c => new[] { c.Code!, $"{c.System}|{c.Code}" });

    private static IEnumerable<string> Departments(Encounter encounter)
    {
        if (encounter.ServiceProvider?.Reference is { } provider)
        {
            yield return provider;
        }
        foreach (var location in encounter.Location)
        {
            if (location.Location?.Reference is { } reference)
            {
                yield return reference;
            }
        }
    }

    private static bool WithinStay(NoteRule rule, Encounter encounter)
    {
        if (rule.MinLengthOfStay is null && rule.MaxLengthOfStay is null)
        {
            return true;
        }
        var start = encounter.Period?.StartElement?.ToDateTimeOffset(TimeSpan.Zero);
        var end = encounter.Period?.EndElement?.ToDateTimeOffset(TimeSpan.Zero);
        if (start is null || end is null)
        {
            return false;
        }
        var stay = end.Value - start.Value;
        return (rule.MinLengthOfStay is not { } min || stay >= min) && (rule.MaxLengthOfStay is not { } max || stay <= max);
    }
}
