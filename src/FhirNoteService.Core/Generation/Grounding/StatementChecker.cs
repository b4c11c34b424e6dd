using System.Globalization;
using System.Text.RegularExpressions;
using FhirNoteService.Core.Facts;

namespace FhirNoteService.Core.Generation.Grounding;

/// <summary>
/// Checks what a statement says in its own words against the facts it cites. Names and values inside fact
/// references (<c>{n}</c>) are the record's own and need no check; everything else is: dates, ages and value pairs
/// are read in the forms notes write them; numbers are matched with their unit, rounded to the precision written;
/// drug, diagnosis and procedure names (the record's and a general vocabulary's, in English and Chinese) must be
/// carried by a cited fact; denials ("no", "denies", "ruled out", 否认, 未见, 排除) are compared with what the record
/// holds; laterality, acuity and sex with the cited facts and the patient. Deliberately strict: a false alarm costs
/// the reviewer a glance, a miss costs more.
/// </summary>
internal sealed partial class StatementChecker(FactSheet facts)
{
    private static readonly (string Written, string Recorded)[] Qualifiers =
    [
        ("left", "left"), ("right", "right"), ("bilateral", "bilateral"), ("acute", "acute"), ("chronic", "chronic"),
        ("左侧", "left"), ("右侧", "right"), ("双侧", "bilateral"), ("急性", "acute"), ("慢性", "chronic"),
    ];

    private readonly RecordNames _names = new(facts);
    private readonly Dictionary<int, RecordedValues> _values = [];
    private readonly Patient _patient = Patient.Of(facts);
    private readonly bool _allergiesRecorded = facts.OfKind(FactKind.Allergy).Any();

    /// <summary>The problems of a statement's own words (<paramref name="text"/>, references written as <c>{n}</c>).</summary>
    public List<StatementProblem> Check(string text, IReadOnlyList<ClinicalFact> cited)
    {
        var problems = new List<StatementProblem>();
        var free = References().Replace(text, "  ");
        // Dates, months, ages, pairs and numbers need a digit; numbers are read last, once the names (whose digits are
        // not values) are blanked out.
        var hasDigits = free.AsSpan().ContainsAnyInRange('0', '9');
        var rest = CheckNames(hasDigits ? CheckDates(free, cited, problems) : free, cited, problems);
        if (hasDigits)
        {
            problems.AddRange(WrittenValues.Numbers(rest).Select(number => CheckNumber(number, cited)).OfType<StatementProblem>());
        }
        if (Negates(text) || (_allergiesRecorded && NoAllergies().IsMatch(text)))
        {
            problems.Add(StatementProblem.NegatesRecord);
        }
        if (Qualifiers.Any(q => Mentions(free, q.Written) && !cited.Any(f => Words.Find(f.Label, q.Recorded) >= 0)))
        {
            problems.Add(StatementProblem.QualifierNotInRecord);
        }
        if (_patient.ContradictsSex(free))
        {
            problems.Add(StatementProblem.SexNotInRecord);
        }
        return problems.Distinct().ToList();
    }

    // Dates, months, ages and value pairs; returns the text with what it read blanked out.
    private string CheckDates(string free, IReadOnlyList<ClinicalFact> cited, List<StatementProblem> problems)
    {
        var (dates, rest) = WrittenValues.Dates(free);
        if (dates.Any(date => !cited.Any(f => Values(f).Dates.Contains(date))))
        {
            problems.Add(StatementProblem.DateNotInRecord);
        }
        (var months, rest) = WrittenValues.Months(rest);
        if (months.Any(month => !cited.Any(f => Values(f).Dates.Any(d => d.Year == month.Year && d.Month == month.Month))))
        {
            problems.Add(StatementProblem.DateNotInRecord);
        }
        (var ages, rest) = WrittenValues.Ages(rest);
        if (ages.Any(age => age != _patient.Age))
        {
            problems.Add(StatementProblem.AgeNotInRecord);
        }
        (var pairs, rest) = WrittenValues.Pairs(rest);
        problems.AddRange(pairs.Select(pair => CheckPair(pair, cited)).OfType<StatementProblem>());
        return rest;
    }

    private static bool Mentions(string text, string word) =>
        word[0] > 0x7F ? text.Contains(word, StringComparison.Ordinal) : Words.Find(text, word) >= 0;

    // Every clinical name outside references must be carried by a cited fact. Where names overlap the longest wins
    // ("糖尿病前期" over "糖尿病", "insulin glargine" over "insulin"); found names are blanked out, so that their
    // digits are not read as values.
    private string CheckNames(string text, IReadOnlyList<ClinicalFact> cited, List<StatementProblem> problems)
    {
        var (words, hasChinese) = Words.Of(text);
        var found = new List<(Term Term, int At, int Length)>();
        foreach (var term in _names.Terms)
        {
            term.AllIn(text, words, hasChinese, found);
        }
        found.Sort((a, b) => a.Length != b.Length ? b.Length.CompareTo(a.Length) : a.At.CompareTo(b.At));
        var chars = text.ToCharArray();
        var taken = new bool[chars.Length];
        foreach (var (term, at, length) in found)
        {
            if (taken.AsSpan(at, length).Contains(true))
            {
                continue;
            }
            taken.AsSpan(at, length).Fill(true);
            Array.Fill(chars, ' ', at, length);
            if (cited.Any(f => term.IsNamedBy(f.Label)))
            {
                continue;
            }
            problems.Add(_names.InRecord.Any(term.IsNamedBy) ? StatementProblem.NameNotInCitedFacts : term.Kind switch
            {
                TermKind.Drug => StatementProblem.DrugNotInRecord,
                TermKind.Diagnosis => StatementProblem.DiagnosisNotInRecord,
                TermKind.Procedure => StatementProblem.ProcedureNotInRecord,
                _ => StatementProblem.NameNotInCitedFacts,
            });
        }
        return new string(chars);
    }

    private StatementProblem? CheckNumber(WrittenNumber number, IReadOnlyList<ClinicalFact> cited)
    {
        if (number.Unit is null && number.Decimals == 0 && number.Value is >= 1900 and <= 2100
            && cited.Any(f => Values(f).Dates.Any(d => d.Year == (int)number.Value)))
        {
            return null;
        }
        var matches = cited.SelectMany(f => Values(f).Numbers).Where(recorded => WrittenValues.SameQuantity(number, recorded.Value)).ToList();
        if (matches.Count == 0)
        {
            return StatementProblem.ValueNotInRecord;
        }
        return number.Unit is { } unit && matches.All(m => m.Unit is not null && m.Unit != unit) ? StatementProblem.UnitNotInRecord : null;
    }

    // A blood pressure is systolic over diastolic, whatever order the record lists its components in; other pairs
    // are read in the order the record gives them.
    private StatementProblem? CheckPair(WrittenPair pair, IReadOnlyList<ClinicalFact> cited)
    {
        var swapped = false;
        foreach (var values in cited.Select(Values))
        {
            var numbers = values.Numbers;
            var (first, second) = values.BloodPressure is { } bp
                ? (Same(pair.First, bp.Systolic) ? 0 : Same(pair.First, bp.Diastolic) ? 1 : -1, Same(pair.Second, bp.Diastolic) ? 1 : Same(pair.Second, bp.Systolic) ? 0 : -1)
                : (numbers.FindIndex(n => Same(pair.First, n.Value)), numbers.FindIndex(n => Same(pair.Second, n.Value)));
            if (first >= 0 && second >= 0 && first != second)
            {
                if (first > second)
                {
                    swapped = true;
                    continue;
                }
                var recordedUnit = values.BloodPressure?.Unit ?? numbers[first].Unit;
                return pair.Unit is { } unit && recordedUnit is not null && unit != recordedUnit ? StatementProblem.UnitNotInRecord : null;
            }
        }
        return swapped ? StatementProblem.SwappedValues : StatementProblem.ValueNotInRecord;
    }

    // A pair is written in whole numbers: 105/78 for 105.26/77.83.
    private static bool Same(decimal written, decimal recorded) => WrittenValues.SameQuantity(new WrittenNumber(written, 0, null, 0), recorded);

    // A denial (NegEx-style: a cue, perhaps a few filler words, then what is denied; or what is denied, then "ruled
    // out") of something the record holds: a referenced fact, a name the record has, or allergies when any are recorded.
    private bool Negates(string text)
    {
        foreach (var clause in Clauses().Split(text))
        {
            foreach (Match cue in PreNegation().Matches(clause))
            {
                // "no evidence of history of seizure": what is denied may start after any of the filler words.
                for (var denied = clause[(cue.Index + cue.Length)..].TrimStart(); ;)
                {
                    if (Denies(denied, fromStart: true))
                    {
                        return true;
                    }
                    var shorter = Filler().Replace(denied, string.Empty, 1).TrimStart();
                    if (shorter.Length == denied.Length)
                    {
                        break;
                    }
                    denied = shorter;
                }
            }
            foreach (Match cue in PostNegation().Matches(clause))
            {
                if (Denies(clause[..cue.Index].TrimEnd(), fromStart: false))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool Denies(string words, bool fromStart)
    {
        var reference = fromStart ? LeadingReference().Match(words) : TrailingReference().Match(words);
        if (reference.Success)
        {
            return facts.Find(int.Parse(reference.Groups["n"].Value, CultureInfo.InvariantCulture)) is { Kind: not (FactKind.Demographics or FactKind.Encounter or FactKind.VitalSign or FactKind.LabResult) };
        }
        if (_allergiesRecorded && (fromStart ? AllergyWord().Match(words) is { Success: true, Index: 0 } : AllergyWord().IsMatch(words)))
        {
            return true;
        }
        foreach (var term in _names.Terms)
        {
            var (at, length) = term.FindIn(words);
            var adjacent = fromStart ? at == 0 : at >= 0 && at + length >= words.Length - 1;
            if (adjacent && _names.InRecord.Any(term.IsNamedBy))
            {
                return true;
            }
        }
        return false;
    }

    private RecordedValues Values(ClinicalFact fact)
    {
        if (!_values.TryGetValue(fact.Number, out var values))
        {
            var (statementDates, statementRest) = WrittenValues.Dates(fact.Statement);
            var dates = statementDates.ToHashSet();
            if (fact.When is { } when)
            {
                dates.Add(DateOnly.FromDateTime(when.UtcDateTime));
            }
            var numbers = WrittenValues.Numbers(fact.Value ?? string.Empty)
                .Concat(WrittenValues.Numbers(WrittenValues.Dates(fact.Label).Remaining))
                .Concat(WrittenValues.Numbers(statementRest))
                .ToList();
            var pressure = BloodPressure().Match(fact.Value ?? string.Empty);
            var systolic = pressure.Success ? WrittenValues.Numbers(pressure.Groups["s"].Value).FirstOrDefault() : null;
            var diastolic = pressure.Success ? WrittenValues.Numbers(pressure.Groups["d"].Value).FirstOrDefault() : null;
            values = new RecordedValues(numbers, dates, systolic is not null && diastolic is not null ? (systolic.Value, diastolic.Value, systolic.Unit) : null);
            _values[fact.Number] = values;
        }
        return values;
    }

    private sealed record RecordedValues(List<WrittenNumber> Numbers, HashSet<DateOnly> Dates, (decimal Systolic, decimal Diastolic, string? Unit)? BloodPressure);

    /// <summary>The patient's age and sex as the record's demographics fact states them.</summary>
    private sealed partial record Patient(int? Age, string? Sex)
    {
        public static Patient Of(FactSheet facts)
        {
            var demographics = facts.OfKind(FactKind.Demographics).FirstOrDefault();
            var value = $"{demographics?.Label} {demographics?.Value}";
            var age = AgeOf().Match(value);
            var sex = Words.Find(value, "female") >= 0 ? "female" : Words.Find(value, "male") >= 0 ? "male" : null;
            return new Patient(age.Success ? int.Parse(age.Groups[1].Value, CultureInfo.InvariantCulture) : null, sex);
        }

        public bool ContradictsSex(string text)
        {
            var male = MaleWords().IsMatch(text);
            var female = FemaleWords().IsMatch(text);
            return (male && Sex != "male") || (female && Sex != "female");
        }

        [GeneratedRegex(@"(\d+)-year-old", RegexOptions.CultureInvariant)]
        private static partial Regex AgeOf();

        [GeneratedRegex(@"(?<![A-Za-z])(male|man|boy|mr|he|him|his)(?![A-Za-z])|男性|男患者|男孩|岁男", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex MaleWords();

        [GeneratedRegex(@"(?<![A-Za-z])(female|woman|girl|mrs|ms|she|her|hers)(?![A-Za-z])|女性|女患者|女孩|岁女", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex FemaleWords();
    }

    [GeneratedRegex(@"\{(?<n>\d+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex References();

    [GeneratedRegex(@"(?=.*Systolic[^;\d]*(?<s>\d+(\.\d+)?\s*\S*))(?=.*Diastolic[^;\d]*(?<d>\d+(\.\d+)?\s*\S*))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BloodPressure();

    [GeneratedRegex(@"^\{(?<n>\d+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingReference();

    [GeneratedRegex(@"\{(?<n>\d+)\}$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingReference();

    [GeneratedRegex(@"[.;:,!?。；：，！？]|\bbut\b|但", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clauses();

    [GeneratedRegex(@"(?<![A-Za-z])(no evidence of|negative for|ruled out|rules out|free of|absence of|denies|denied|without|no|not)(?![A-Za-z])|否认|未见|排除|没有|未发现|无", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PreNegation();

    [GeneratedRegex(@"(?<![A-Za-z])((was|is|were|has been|had been)\s+)?(ruled out|excluded|absent)(?![A-Za-z])|已排除|被排除|已除外", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostNegation();

    [GeneratedRegex(@"^(known|a history of|history of|evidence of|signs of|sign of|any|prior|current|recorded|documented|drug|medication|已知|既往|明显|任何|的|有|患有|药物)(?![A-Za-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();

    [GeneratedRegex(@"(?<![A-Za-z])nkda(?![A-Za-z])|无过敏史|无已知过敏", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoAllergies();

    [GeneratedRegex(@"(?<![A-Za-z])(drug\s+)?allerg(y|ies|ic)(?![A-Za-z])|nkda|(药物)?过敏", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AllergyWord();
}
