using FhirNoteService.Core.Facts;
using FhirNoteService.Core.Generation;

namespace FhirNoteService.Ai.Languages;

/// <summary>
/// What a note must mention (its template's <see cref="NoteTemplate.MustMention"/>), found in the record, and a note
/// completed so that it does: the facts a draft left out are added, phrased from the record, in a section of their
/// own (the language pack's omissions heading), and a required section the draft lacks is added, empty, so the
/// reader sees the record had nothing for it. Omissions are found, not hoped against.
/// </summary>
public static class NoteContract
{
    private static readonly HashSet<string> NormalInterpretations = new(StringComparer.OrdinalIgnoreCase) { "N", "normal" };

    /// <summary>The facts of <paramref name="facts"/> the contract of <paramref name="template"/> requires.</summary>
    public static IReadOnlyList<ClinicalFact> Required(NoteTemplate template, FactSheet facts)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(facts);
        var must = template.MustMention ?? [];
        return facts.Facts.Where(f => must.Any(m => Requires(m, f))).ToList();
    }

    /// <summary>The note with every required fact mentioned and every required section present.</summary>
    public static GeneratedNote Complete(GeneratedNote note, FactSheet facts, LanguagePack pack, NoteTemplate template)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(pack);
        var cited = note.CitedFacts.ToHashSet();
        var missing = Required(template, facts).Where(f => !cited.Contains(f.Number)).ToList();
        var headings = note.Sections.Select(s => s.Heading).ToHashSet(StringComparer.Ordinal);
        var sections = note.Sections
            .Concat(template.Sections.Where(s => s.Required && !headings.Contains(s.Heading)).Select(s => new NoteSection(s.Heading, [], Required: true)))
            .ToList();
        if (missing.Count > 0)
        {
            sections.Add(new NoteSection(pack.Labels.OmissionsHeading, missing.Select(f => NoteStatement.FromFacts(FactPhrasing.Phrase(pack, f), f.Number)).ToList()));
        }
        return missing.Count == 0 && sections.Count == note.Sections.Count ? note : note with { Sections = sections };
    }

    private static bool Requires(MustMention must, ClinicalFact fact) => must switch
    {
        MustMention.Encounter => fact.Kind == FactKind.Encounter,
        MustMention.EncounterReason => fact.Kind == FactKind.EncounterReason,
        MustMention.Diagnosis => fact.Kind == FactKind.Diagnosis,
        MustMention.Medication => fact.Kind == FactKind.Medication,
        MustMention.StoppedMedication => fact.Kind is FactKind.Medication or FactKind.CurrentMedication && fact.Detail == "status stopped",
        MustMention.AbnormalResult => fact.Kind is FactKind.LabResult or FactKind.VitalSign
            && fact.Detail?.StartsWith("interpretation ", StringComparison.Ordinal) == true
            && !NormalInterpretations.Contains(fact.Detail["interpretation ".Length..]),
        MustMention.Allergy => fact.Kind == FactKind.Allergy,
        MustMention.Procedure => fact.Kind == FactKind.Procedure,
        MustMention.Disposition => fact.Kind == FactKind.Disposition,
        _ => false,
    };
}
