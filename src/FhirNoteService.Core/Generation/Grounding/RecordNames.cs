using System.Text.RegularExpressions;
using FhirNoteService.Core.Facts;

namespace FhirNoteService.Core.Generation.Grounding;

/// <summary>
/// The clinical names of one record: each fact's label (without its SNOMED semantic tag) and the drugs a medication
/// label names, plus what the general vocabulary knows. Worked out once per fact sheet.
/// </summary>
internal sealed partial class RecordNames
{
    private static readonly HashSet<string> DoseFormWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "oral", "tablet", "capsule", "injection", "injectable", "solution", "suspension", "extended", "release", "hour",
        "topical", "cream", "ointment", "prefilled", "syringe", "inhaler", "inhalant", "actuat", "actuation", "metered",
        "dose", "chewable", "film", "coated", "delayed", "vaginal", "nasal", "spray", "ophthalmic", "patch", "day", "pack",
        "transdermal", "powder", "enteric", "auto", "injector", "disintegrating", "drug", "implant", "system", "ring",
    };

    private static readonly FactKind[] NamedKinds =
        [FactKind.Diagnosis, FactKind.Problem, FactKind.Medication, FactKind.CurrentMedication, FactKind.Procedure, FactKind.Allergy, FactKind.EncounterReason, FactKind.Report];

    public RecordNames(FactSheet facts)
    {
        var record = new List<Term>();
        foreach (var fact in facts.Facts.Where(f => NamedKinds.Contains(f.Kind)))
        {
            record.Add(new Term(TermKind.Record, [Plain(fact.Label)], []));
            if (fact.Kind is FactKind.Medication or FactKind.CurrentMedication)
            {
                record.AddRange(Drugs(fact.Label).Select(drug => new Term(TermKind.Record, [drug], [])));
            }
        }
        // The record's names first: a name it has is a wrong citation, not an invention, when the cited facts lack it.
        Terms = [.. record.DistinctBy(t => t.English[0], StringComparer.OrdinalIgnoreCase).OrderByDescending(t => t.English[0].Length), .. ClinicalVocabulary.General];
        InRecord = facts.Facts.Where(f => NamedKinds.Contains(f.Kind)).Select(f => f.Label).ToList();
    }

    public IReadOnlyList<Term> Terms { get; }

    /// <summary>The labels of every named fact of the record.</summary>
    public IReadOnlyList<string> InRecord { get; }

    /// <summary>A label without its semantic tag: "Acute bronchitis (disorder)" is written "Acute bronchitis".</summary>
    public static string Plain(string label) => SemanticTag().Replace(label, string.Empty).Trim();

    // The drugs of "Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet": Acetaminophen, Oxycodone.
    private static IEnumerable<string> Drugs(string label) =>
        label.Split(" / ").Select(part => Letters().Matches(part).Select(m => m.Value).FirstOrDefault(w => w.Length > 3 && !DoseFormWords.Contains(w))).OfType<string>();

    [GeneratedRegex(@"\s*\((disorder|finding|situation|procedure|substance|product|observable entity|regime/therapy)\)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SemanticTag();

    [GeneratedRegex(@"[A-Za-z]{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex Letters();
}
