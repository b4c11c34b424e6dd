using System.Globalization;
using System.Text.RegularExpressions;
using FhirNoteService.Core.Facts;

namespace FhirNoteService.ModelClientTests.Fabrication;

/// <summary>What a stand-in statement is: faithful, or carrying one planted fabrication of a kind.</summary>
internal enum Planted
{
    None,
    WrongDose,
    WrongLabValue,
    WrongVital,
    WrongDate,
    WrongAge,
    WrongSex,
    WrongUnit,
    SwappedValues,
    WrongCitation,
    InventedDrug,
    InventedDiagnosis,
    InventedProcedure,
    Negation,
    QualifierSwap,
}

/// <summary>A statement as the stand-in model writes it, and what it planted there.</summary>
internal sealed record WrittenStatement(string Text, int[] Facts, Planted Planted);

/// <summary>
/// Writes a note about a fact sheet as a model would: faithful statements in several wordings (fact references, free
/// text with dates rewritten, values rounded, units spelled out, names in Chinese), and in about 30 % of them one
/// planted fabrication of a kind the record can carry. Seeded, so a run is repeatable.
/// </summary>
internal sealed partial class StandInWriter(Random random, bool chinese)
{
    private static readonly string[] InventedDrugs = ["digoxin", "ceftriaxone", "insulin glargine", "clopidogrel", "tramadol", "aspirin", "warfarin", "amiodarone"];
    private static readonly string[] InventedDrugsZh = ["地高辛", "头孢曲松", "甘精胰岛素", "氯吡格雷", "曲马多", "阿司匹林", "氯化钾", "华法林"];
    private static readonly string[] InventedDiagnoses = ["pneumonia", "atrial fibrillation", "pulmonary embolism", "gout", "sepsis", "myocardial infarction", "cirrhosis", "asthma"];
    private static readonly string[] InventedDiagnosesZh = ["肺炎", "房颤", "肺栓塞", "痛风", "脓毒症", "心肌梗死", "肝硬化", "哮喘"];
    private static readonly string[] InventedProcedures = ["colonoscopy", "appendectomy", "cardiac catheterization", "lumbar puncture", "intubation", "hemodialysis"];
    private static readonly string[] InventedProceduresZh = ["结肠镜检查", "阑尾切除术", "心导管检查", "腰椎穿刺", "气管插管", "血液透析"];
    private static readonly Dictionary<string, string> WrongUnits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mg"] = "mcg",
        ["mcg"] = "mg",
        ["mm[Hg]"] = "kPa",
        ["mmHg"] = "kPa",
        ["Cel"] = "°F",
        ["kg"] = "lb",
        ["cm"] = "in",
        ["mg/dL"] = "mmol/L",
        ["g/dL"] = "mg/dL",
        ["mmol/L"] = "mg/dL",
        ["%"] = "mg/dL",
        ["kg/m2"] = "lb/in2",
        ["/min"] = "mg",
        ["10*3/uL"] = "mg/dL",
    };

    public List<WrittenStatement> Write(FactSheet facts)
    {
        var written = new List<WrittenStatement>();
        foreach (var fact in facts.Facts)
        {
            // Models leave things out: the note's contract must bring them back.
            if (random.NextDouble() < 0.1)
            {
                continue;
            }
            var planted = random.NextDouble() < 0.3 ? Plant(fact, facts) : null;
            written.Add(planted ?? Faithful(fact));
        }
        return written;
    }

    private WrittenStatement Faithful(ClinicalFact fact)
    {
        var n = fact.Number;
        string? free = fact.Kind switch
        {
            FactKind.Demographics when Demographics(fact) is { } d => chinese ? $"{d.Age}岁{(d.Male ? "男性" : "女性")}患者。" : $"{d.Age}-year-old {(d.Male ? "male" : "female")} patient.",
            FactKind.Diagnosis or FactKind.Problem => chinese ? $"诊断为{ChineseName(fact.Label) ?? Plain(fact.Label)}。" : $"{Plain(fact.Label)} was diagnosed.",
            FactKind.Medication when Quantity(fact.Value) is { } q => chinese ? $"予{Plain(fact.Label)}，{Number(q.Value)}{ChineseUnit(q.Unit)}。" : $"{Plain(fact.Label)} {Number(q.Value)} {SpelledUnit(q.Unit)} was prescribed.",
            FactKind.LabResult or FactKind.VitalSign when BloodPressure(fact) is { } bp => chinese
                ? $"血压{bp.Systolic}/{bp.Diastolic} mmHg（{Date(fact.When)}）。"
                : $"Blood pressure {bp.Systolic}/{bp.Diastolic} mmHg on {Date(fact.When)}.",
            FactKind.LabResult or FactKind.VitalSign when Quantity(fact.Value) is { } q && fact.When is not null => chinese
                ? $"{Short(fact.Label)}为{Rounded(q.Value)} {q.Unit}（{Date(fact.When)}）。"
                : $"{Short(fact.Label)} was {Rounded(q.Value)} {SpelledUnit(q.Unit)} on {Date(fact.When)}.",
            FactKind.Procedure when fact.When is not null => chinese ? $"{Date(fact.When)}行{fact.Label}。" : $"{fact.Label} was performed on {Date(fact.When)}.",
            FactKind.Encounter when fact.When is { } seen => chinese ? $"{seen.UtcDateTime.Year}年{seen.UtcDateTime.Month}月就诊：{{{n}}}。" : $"Seen in {seen.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}: {{{n}}}.",
            _ => null,
        };
        var wordings = new List<string>
        {
            chinese ? $"{{{n}}}。" : $"{{{n}}}.",
            chinese ? $"记录显示：{{{n}}}。" : $"The record shows {{{n}}}.",
        };
        if (free is not null)
        {
            wordings.Add(free);
            wordings.Add(free);
        }
        return new WrittenStatement(wordings[random.Next(wordings.Count)], [n], Planted.None);
    }

    // One fabrication this fact can carry, picked at random among those that apply; null when none does.
    private WrittenStatement? Plant(ClinicalFact fact, FactSheet facts)
    {
        var n = fact.Number;
        var options = new List<Func<WrittenStatement>>();
        var quantity = Quantity(fact.Value);
        if (BloodPressure(fact) is { } pressure && random.Next(2) == 0)
        {
            return new(chinese ? $"血压{pressure.Diastolic}/{pressure.Systolic} mmHg。" : $"Blood pressure {pressure.Diastolic}/{pressure.Systolic} mmHg.", [n], Planted.SwappedValues);
        }
        if (fact.Kind is FactKind.Medication or FactKind.CurrentMedication && (Strength(fact.Label) ?? quantity) is { } strength && random.Next(5) < 3)
        {
            return new(chinese ? $"予{Plain(fact.Label)}，{Number(strength.Value * 3)}{ChineseUnit(strength.Unit)}。" : $"{Plain(fact.Label)} {Number(strength.Value * 3)} {strength.Unit} was prescribed.", [n], Planted.WrongDose);
        }
        if (fact.Kind is FactKind.Medication or FactKind.CurrentMedication && (Strength(fact.Label) ?? quantity) is { } dose)
        {
            // Medications are few in a record: plant their kind more often, so that it is measured.
            options.Add(() => new(chinese ? $"{{{n}}}，剂量改为{Number(dose.Value * 4)}{ChineseUnit(dose.Unit)}。" : $"{{{n}}}, increased to {Number(dose.Value * 4)} {SpelledUnit(dose.Unit)}.", [n], Planted.WrongDose));
            options.Add(() => new(chinese ? $"予{Plain(fact.Label)}，{Number(dose.Value * 2)}{ChineseUnit(dose.Unit)}。" : $"{Plain(fact.Label)} {Number(dose.Value * 2)} {dose.Unit} was prescribed.", [n], Planted.WrongDose));
        }
        if (fact.Kind is FactKind.LabResult or FactKind.VitalSign && quantity is { } value && BloodPressure(fact) is null)
        {
            var kind = fact.Kind == FactKind.LabResult ? Planted.WrongLabValue : Planted.WrongVital;
            var wrong = Number(Math.Round(value.Value * 1.37m + 1.1m, 1));
            options.Add(() => new(chinese ? $"{Short(fact.Label)}为{wrong} {value.Unit}。" : $"{Short(fact.Label)} was {wrong} {value.Unit}.", [n], kind));
            // Far enough from the recorded value that no rounding of it reads so.
            var shifted = Number(Math.Round(value.Value + Math.Max(0.3m, value.Value * 0.15m), 2));
            options.Add(() => new(chinese ? $"{{{n}}}；复查{shifted}。" : $"{{{n}}}; repeat value {shifted}.", [n], kind));
        }
        if (quantity is { Unit: { } unit } withUnit && WrongUnits.TryGetValue(unit, out var other))
        {
            options.Add(() => new(chinese ? $"{Plain(fact.Label)}为{Number(withUnit.Value)} {other}。" : $"{Plain(fact.Label)}: {Number(withUnit.Value)} {other}.", [n], Planted.WrongUnit));
        }
        if (BloodPressure(fact) is { } bp)
        {
            options.Add(() => new(chinese ? $"血压{bp.Diastolic}/{bp.Systolic} mmHg。" : $"Blood pressure {bp.Diastolic}/{bp.Systolic} mmHg.", [n], Planted.SwappedValues));
            options.Add(() => new(chinese ? $"血压{bp.Systolic + 23}/{bp.Diastolic} mmHg。" : $"Blood pressure {bp.Systolic + 23}/{bp.Diastolic} mmHg.", [n], Planted.WrongVital));
        }
        if (fact.When is { } when && fact.Kind is not FactKind.Demographics)
        {
            var shifted = when.AddDays(random.Next(3, 40));
            options.Add(() => new(chinese ? $"{{{n}}}，日期{Date(shifted)}。" : $"{{{n}}}, dated {Date(shifted)}.", [n], Planted.WrongDate));
            var month = when.AddMonths(random.Next(2, 9));
            options.Add(() => new(chinese ? $"{month.UtcDateTime.Year}年{month.UtcDateTime.Month}月：{{{n}}}。" : $"In {month.UtcDateTime.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}: {{{n}}}.", [n], Planted.WrongDate));
        }
        if (Demographics(fact) is { } d)
        {
            options.Add(() => new(chinese ? $"{d.Age + random.Next(3, 15)}岁患者。" : $"{d.Age + random.Next(3, 15)}-year-old patient.", [n], Planted.WrongAge));
            options.Add(() => new(chinese ? $"{(d.Male ? "女性" : "男性")}患者。" : $"The patient is a {(d.Male ? "woman" : "man")}.", [n], Planted.WrongSex));
            options.Add(() => new(chinese ? $"{d.Age}岁{(d.Male ? "女" : "男")}患者。" : $"{(d.Male ? "She" : "He")} is {d.Age} years old.", [n], Planted.WrongSex));
            options.Add(() => new(chinese ? $"患者{d.Age - random.Next(3, 15)}岁。" : $"Patient aged {d.Age - random.Next(3, 15)}.", [n], Planted.WrongAge));
        }
        if (IsNamed(fact) && facts.Facts.FirstOrDefault(f => IsNamed(f) && f.Number != n && !Shares(f.Label, fact.Label)) is { } elsewhere)
        {
            options.Add(() => new(chinese ? $"既往{Plain(elsewhere.Label)}。" : $"History of {Plain(elsewhere.Label)}.", [n], Planted.WrongCitation));
        }
        if (fact.Kind is FactKind.Medication or FactKind.CurrentMedication or FactKind.Diagnosis or FactKind.Problem or FactKind.Encounter)
        {
            var i = random.Next(InventedDrugs.Length);
            if (!InRecord(facts, InventedDrugs[i]))
            {
                options.Add(() => new(chinese ? $"{{{n}}}，并加用{InventedDrugsZh[i]}。" : $"{{{n}}}, and {InventedDrugs[i]} was started.", [n], Planted.InventedDrug));
                options.Add(() => new(chinese ? $"出院带药：{InventedDrugsZh[i]} 81毫克，每日一次。" : $"Discharged on {Capital(InventedDrugs[i])} 81 mg daily.", [n], Planted.InventedDrug));
            }
            var j = random.Next(InventedDiagnoses.Length);
            if (!InRecord(facts, InventedDiagnoses[j]))
            {
                options.Add(() => new(chinese ? $"{{{n}}}；另诊断{InventedDiagnosesZh[j]}。" : $"{{{n}}}; {InventedDiagnoses[j]} was also diagnosed.", [n], Planted.InventedDiagnosis));
            }
            var k = random.Next(InventedProcedures.Length);
            if (!InRecord(facts, InventedProcedures[k]))
            {
                options.Add(() => new(chinese ? $"{{{n}}}，并行{InventedProceduresZh[k]}。" : $"{{{n}}}; {InventedProcedures[k]} was performed.", [n], Planted.InventedProcedure));
            }
        }
        if (fact.Kind == FactKind.Allergy)
        {
            options.Add(() => new(chinese ? "否认过敏史。" : "No known allergies.", [n], Planted.Negation));
            options.Add(() => new(chinese ? $"否认{{{n}}}。" : $"Denies {{{n}}}.", [n], Planted.Negation));
            options.Add(() => new(chinese ? "无已知过敏。" : "The patient denies any allergies.", [n], Planted.Negation));
            options.Add(() => new(chinese ? "无药物过敏。" : "NKDA.", [n], Planted.Negation));
        }
        if (fact.Kind is FactKind.Diagnosis or FactKind.Problem)
        {
            options.Add(() => new(chinese ? $"已排除{{{n}}}。" : $"{{{n}}} was ruled out.", [n], Planted.Negation));
            options.Add(() => new(chinese ? $"未见{{{n}}}。" : $"Negative for {{{n}}}.", [n], Planted.Negation));
            options.Add(() => new(chinese ? $"无{Plain(fact.Label)}。" : $"No evidence of {Plain(fact.Label)}.", [n], Planted.Negation));
            options.Add(() => new(chinese ? $"{Swapped(fact.Label, true)}。" : $"{Swapped(fact.Label, false)}.", [n], Planted.QualifierSwap));
        }
        return options.Count == 0 ? null : options[random.Next(options.Count)]();
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    // How notes shorten common test names: CO2, SpO2, HbA1c, BMI.
    private static string Short(string label) => label switch
    {
        _ when label.StartsWith("Carbon dioxide", StringComparison.OrdinalIgnoreCase) => "CO2",
        _ when label.StartsWith("Oxygen saturation", StringComparison.OrdinalIgnoreCase) => "SpO2",
        _ when label.StartsWith("Hemoglobin A1c", StringComparison.OrdinalIgnoreCase) => "HbA1c",
        _ when label.StartsWith("Body mass index", StringComparison.OrdinalIgnoreCase) => "BMI",
        _ => label,
    };

    private static bool IsNamed(ClinicalFact fact) => fact.Kind is FactKind.Diagnosis or FactKind.Problem or FactKind.Medication or FactKind.CurrentMedication or FactKind.Procedure or FactKind.Allergy;

    private static bool Shares(string a, string b) => Words(a).Intersect(Words(b), StringComparer.OrdinalIgnoreCase).Any(w => w.Length > 3);

    private static IEnumerable<string> Words(string text) => WordPattern().Matches(text).Select(m => m.Value);

    private static bool InRecord(FactSheet facts, string name) => facts.Facts.Any(f => f.Label.Contains(name, StringComparison.OrdinalIgnoreCase));

    // A diagnosis with its acuity or side turned round, or an acuity it does not have added.
    private static string Swapped(string label, bool chinese)
    {
        var plain = Plain(label);
        foreach (var (from, to) in new[] { ("Acute", "Chronic"), ("acute", "chronic"), ("Chronic", "Acute"), ("chronic", "acute"), ("Left", "Right"), ("left", "right"), ("Right", "Left"), ("right", "left") })
        {
            if (Regex.IsMatch(plain, $@"\b{from}\b"))
            {
                return Regex.Replace(plain, $@"\b{from}\b", to);
            }
        }
        return chinese ? $"急性{plain}" : $"Acute {plain}";
    }

    private string Date(DateTimeOffset? when)
    {
        var date = when!.Value.UtcDateTime;
        if (chinese)
        {
            return random.Next(2) == 0 ? date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        string[] formats = ["yyyy-MM-dd", "MMMM d, yyyy", "d MMMM yyyy", "MM/dd/yyyy", "MMM d, yyyy"];
        return date.ToString(formats[random.Next(formats.Length)], CultureInfo.InvariantCulture);
    }

    // Rounded as models round: to one decimal, or to a whole number, or as recorded.
    private string Rounded(decimal value) => random.Next(3) switch
    {
        0 => Number(Math.Round(value, 1, MidpointRounding.AwayFromZero)),
        1 when value >= 10 => Number(Math.Round(value, 0, MidpointRounding.AwayFromZero)),
        _ => Number(value),
    };

    private string SpelledUnit(string? unit) => unit?.ToLowerInvariant() switch
    {
        "mg" => random.Next(2) == 0 ? "milligrams" : "MG",
        "mm[hg]" => "mmHg",
        "cel" => random.Next(2) == 0 ? "°C" : "Cel",
        "kg/m2" => "kg/m²",
        "ml" => "milliliters",
        null => string.Empty,
        _ => unit,
    };

    private static string ChineseUnit(string? unit) => unit?.ToLowerInvariant() switch
    {
        "mg" => "毫克",
        "ml" => "毫升",
        null => string.Empty,
        _ => $" {unit}",
    };

    private static string? ChineseName(string label) =>
        ChineseNames.FirstOrDefault(pair => Regex.IsMatch(label, $@"\b{Regex.Escape(pair.English)}\b", RegexOptions.IgnoreCase)).Chinese;

    private static readonly (string English, string Chinese)[] ChineseNames =
    [
        ("hypertension", "高血压"), ("osteoporosis", "骨质疏松"), ("anemia", "贫血"), ("prediabetes", "糖尿病前期"), ("bronchitis", "支气管炎"),
        ("sinusitis", "鼻窦炎"), ("pharyngitis", "咽炎"), ("stroke", "脑卒中"), ("epilepsy", "癫痫"), ("appendicitis", "阑尾炎"), ("obesity", "肥胖"),
        ("osteoarthritis", "骨关节炎"), ("pneumonia", "肺炎"), ("diabetes", "糖尿病"),
    ];

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Plain(string label) => SemanticTag().Replace(label, string.Empty).Trim();

    private static (decimal Value, string? Unit)? Quantity(string? value)
    {
        var match = value is null ? null : QuantityPattern().Match(value);
        return match is { Success: true } ? (decimal.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture), match.Groups["u"].Success ? match.Groups["u"].Value : null) : null;
    }

    // The strength a medication's name gives, e.g. 500 MG in "Amoxicillin 500 MG Oral Capsule".
    private static (decimal Value, string? Unit)? Strength(string label)
    {
        var match = StrengthPattern().Match(label);
        return match.Success ? (decimal.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture), match.Groups["u"].Value) : null;
    }

    private static (int Systolic, int Diastolic)? BloodPressure(ClinicalFact fact)
    {
        var match = fact.Value is null ? null : BloodPressurePattern().Match(fact.Value);
        return match is { Success: true } ? (Whole(match.Groups["s"].Value), Whole(match.Groups["d"].Value)) : null;
    }

    private static int Whole(string value) => (int)Math.Round(decimal.Parse(value, CultureInfo.InvariantCulture), MidpointRounding.AwayFromZero);

    private static (int Age, bool Male)? Demographics(ClinicalFact fact)
    {
        var match = fact.Kind == FactKind.Demographics ? DemographicsPattern().Match(fact.Label) : null;
        return match is { Success: true } ? (int.Parse(match.Groups["a"].Value, CultureInfo.InvariantCulture), match.Groups["s"].Value == "male") : null;
    }

    [GeneratedRegex(@"\s*\((disorder|finding|situation|procedure)\)$")]
    private static partial Regex SemanticTag();

    [GeneratedRegex(@"^(?<v>\d+(\.\d+)?)(\s(?<u>[^\s,]+))?(,|$)")]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"(?=.*Systolic blood pressure (?<s>\d+(\.\d+)?))(?=.*Diastolic blood pressure (?<d>\d+(\.\d+)?))", RegexOptions.IgnoreCase)]
    private static partial Regex BloodPressurePattern();

    [GeneratedRegex(@"^(?<a>\d+)-year-old (?<s>male|female)")]
    private static partial Regex DemographicsPattern();

    [GeneratedRegex(@"(?<v>\d+(\.\d+)?) (?<u>MG|MCG|ML)\b")]
    private static partial Regex StrengthPattern();

    [GeneratedRegex(@"[A-Za-z]+")]
    private static partial Regex WordPattern();
}
