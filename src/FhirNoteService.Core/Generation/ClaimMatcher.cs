using System.Globalization;
using System.Text.RegularExpressions;
using FhirNoteService.Core.Facts;

namespace FhirNoteService.Core.Generation;

/// <summary>
/// Checks that what a statement says matches the facts it cites: every number (doses, lab values, vitals, dates)
/// appears in a cited fact, every medication it names is named by a cited fact (a prescription, an allergy), and a statement citing diagnoses
/// names one of them. A heuristic, deliberately strict: a false alarm costs the reviewer a glance, a miss costs more.
/// </summary>
internal sealed partial class ClaimMatcher(FactSheet facts)
{
    private static readonly HashSet<string> DoseFormWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "oral", "tablet", "capsule", "injection", "injectable", "solution", "suspension", "extended", "release", "hour",
        "topical", "cream", "ointment", "prefilled", "syringe", "inhaler", "inhalant", "actuat", "actuation", "metered",
        "dose", "chewable", "film", "coated", "delayed", "vaginal", "nasal", "spray", "ophthalmic", "patch",
        "transdermal", "powder", "enteric", "auto", "injector", "pack", "disintegrating", "drug", "implant",
    };

    // Worked out once per fact sheet, not once per statement.
    private readonly List<string> _knownDrugs = facts.OfKind(FactKind.Medication).Concat(facts.OfKind(FactKind.CurrentMedication)).Select(f => DrugName(f.Label)).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    private readonly Dictionary<int, HashSet<string>> _numbersByFact = [];

    public bool Matches(string text, IReadOnlyList<ClinicalFact> cited) =>
        NumbersMatch(text, cited) && MedicationsMatch(text, cited) && DiagnosesMatch(text, cited);

    private bool NumbersMatch(string text, IReadOnlyList<ClinicalFact> cited)
    {
        foreach (var number in Numbers(text))
        {
            if (!cited.Any(f => NumbersOf(f).Contains(number)))
            {
                return false;
            }
        }
        return true;
    }

    private HashSet<string> NumbersOf(ClinicalFact fact)
    {
        if (!_numbersByFact.TryGetValue(fact.Number, out var numbers))
        {
            numbers = Numbers($"{fact.Statement} {fact.Value} {fact.Label}").ToHashSet(StringComparer.Ordinal);
            _numbersByFact[fact.Number] = numbers;
        }
        return numbers;
    }

    private static IEnumerable<string> Numbers(string text) =>
        NumberPattern().Matches(text).Select(m => Normalise(m.Value));

    private static string Normalise(string number) =>
        number.Contains('-', StringComparison.Ordinal) || !decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? number
            : value.ToString("0.######", CultureInfo.InvariantCulture);

    private bool MedicationsMatch(string text, IReadOnlyList<ClinicalFact> cited)
    {
        var named = Words(text).Where(w => DrugPattern().IsMatch(w)).Concat(_knownDrugs.Where(w => ContainsWord(text, w)));
        var citedLabels = string.Join(' ', cited.Select(f => f.Label));
        return named.All(word => ContainsWord(citedLabels, word));
    }

    private static bool DiagnosesMatch(string text, IReadOnlyList<ClinicalFact> cited)
    {
        var diagnoses = cited.Where(f => f.Kind is FactKind.Diagnosis or FactKind.Problem).ToList();
        return diagnoses.Count == 0
            || diagnoses.Any(d => Words(d.Label).Where(w => w.Length > 3).Any(w => ContainsWord(text, w)) || text.Contains(d.Label, StringComparison.OrdinalIgnoreCase));
    }

    // The drug in a medication label such as "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet".
    private static string? DrugName(string label) =>
        Words(label).FirstOrDefault(w => w.Length > 3 && !DoseFormWords.Contains(w));

    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    private static bool ContainsWord(string text, string word) => WholeWords.Contain(text, word);

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[A-Za-z]{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    // Common stems of drug names (INN suffixes); a word ending so is taken to name a medication.
    [GeneratedRegex(@"^[A-Za-z]+(cillin|mycin|micin|floxacin|cycline|pril|sartan|olol|statin|prazole|azole|parin|farin|xaban|gatran|dipine|tidine|profen|fenac|triptan|zepam|zolam|setron|gliptin|glitazone|formin|semide|thiazide|lukast|terol|tropium|sone|olone|caine|barbital|vir|mab|nib|oxetine|apine|idone|amine|codone|morphine|phen)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DrugPattern();
}
