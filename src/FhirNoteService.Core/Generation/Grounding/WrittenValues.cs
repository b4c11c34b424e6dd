using System.Globalization;
using System.Text.RegularExpressions;

namespace FhirNoteService.Core.Generation.Grounding;

/// <summary>A number as written, with the unit written after it (normalised) and how many decimals it was given.</summary>
internal sealed record WrittenNumber(decimal Value, int Decimals, string? Unit, int At);

/// <summary>Two numbers written as a pair, e.g. a blood pressure "120/80".</summary>
internal sealed record WrittenPair(decimal First, decimal Second, string? Unit);

/// <summary>
/// Finds the dates, ages, value pairs and numbers with units in free text, in the forms English and Chinese notes write
/// them ("2019-05-01", "May 1, 2019", "1 May 2019", "05/01/2019", "2019年5月1日"; "45-year-old", "45岁"; "120/80"),
/// so that they are compared as quantities, not as strings. Digits inside a word (CO2, SpO2, HbA1c, COVID-19) are
/// part of the word, not numbers.
/// </summary>
internal static partial class WrittenValues
{
    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    private static readonly Dictionary<string, string> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mg"] = "mg",
        ["milligram"] = "mg",
        ["milligrams"] = "mg",
        ["mcg"] = "mcg",
        ["µg"] = "mcg",
        ["ug"] = "mcg",
        ["microgram"] = "mcg",
        ["micrograms"] = "mcg",
        ["g"] = "g",
        ["gram"] = "g",
        ["grams"] = "g",
        ["kg"] = "kg",
        ["kilogram"] = "kg",
        ["kilograms"] = "kg",
        ["lb"] = "lb",
        ["lbs"] = "lb",
        ["ml"] = "mL",
        ["milliliter"] = "mL",
        ["millilitre"] = "mL",
        ["l"] = "L",
        ["liter"] = "L",
        ["litre"] = "L",
        ["mmhg"] = "mmHg",
        ["mm[hg]"] = "mmHg",
        ["kpa"] = "kPa",
        ["cel"] = "Cel",
        ["°c"] = "Cel",
        ["c"] = "Cel",
        ["degc"] = "Cel",
        ["°f"] = "degF",
        ["[degf]"] = "degF",
        ["cm"] = "cm",
        ["m"] = "m",
        ["mm"] = "mm",
        ["in"] = "in",
        ["[in_i]"] = "in",
        ["kg/m2"] = "kg/m2",
        ["kg/m^2"] = "kg/m2",
        ["kg/m²"] = "kg/m2",
        ["%"] = "%",
        ["/min"] = "/min",
        ["bpm"] = "/min",
        ["{beats}/min"] = "/min",
        ["beats/min"] = "/min",
        ["{breaths}/min"] = "/min",
        ["breaths/min"] = "/min",
        ["mg/dl"] = "mg/dL",
        ["g/dl"] = "g/dL",
        ["mmol/l"] = "mmol/L",
        ["meq/l"] = "mmol/L",
        ["u/l"] = "U/L",
        ["iu/l"] = "U/L",
        ["ng/ml"] = "ng/mL",
        ["pg"] = "pg",
        ["fl"] = "fL",
        ["10*3/ul"] = "10*3/uL",
        ["10*6/ul"] = "10*6/uL",
        ["mg/l"] = "mg/L",
        ["ml/min"] = "mL/min",
        ["units"] = "U",
        ["unit"] = "U",
        ["iu"] = "U",
        ["u"] = "U",
        ["毫克"] = "mg",
        ["微克"] = "mcg",
        ["克"] = "g",
        ["千克"] = "kg",
        ["公斤"] = "kg",
        ["毫升"] = "mL",
        ["厘米"] = "cm",
        ["次/分"] = "/min",
        ["毫米汞柱"] = "mmHg",
    };

    /// <summary>A unit spelling normalised, or null when the word is not a unit.</summary>
    public static string? Unit(string? written) =>
        written is null ? null : Units.GetValueOrDefault(written.Trim().TrimEnd('.')) ?? (written.Contains('/', StringComparison.Ordinal) ? written.Trim().ToLowerInvariant() : null);

    /// <summary>The dates written in <paramref name="text"/>, and the text with them blanked out.</summary>
    public static (List<DateOnly> Dates, string Remaining) Dates(string text)
    {
        var dates = new List<DateOnly>();
        var rest = DatePattern().Replace(text, match =>
        {
            if (ReadDate(match) is { } date)
            {
                dates.Add(date);
                return new string(' ', match.Length);
            }
            return match.Value;
        });
        return (dates, rest);
    }

    /// <summary>The months written without a day ("March 2024", "2024年3月"), and the text with them blanked out.</summary>
    public static (List<(int Year, int Month)> Months, string Remaining) Months(string text)
    {
        var months = new List<(int Year, int Month)>();
        var rest = MonthPattern().Replace(text, match =>
        {
            var month = match.Groups["zm"].Success
                ? Int(match.Groups["zm"])
                : Array.FindIndex(MonthNames, m => m.StartsWith(match.Groups["mn"].Value.ToLowerInvariant(), StringComparison.Ordinal)) + 1;
            months.Add((Int(match.Groups["zm"].Success ? match.Groups["zy"] : match.Groups["y"]), month));
            return new string(' ', match.Length);
        });
        return (months, rest);
    }

    /// <summary>The ages written ("45-year-old", "aged 45", "45 岁"), and the text with them blanked out.</summary>
    public static (List<int> Ages, string Remaining) Ages(string text)
    {
        var ages = new List<int>();
        var rest = AgePattern().Replace(text, match =>
        {
            ages.Add(int.Parse(match.Groups["age"].Value, CultureInfo.InvariantCulture));
            return new string(' ', match.Length);
        });
        return (ages, rest);
    }

    /// <summary>The pairs written as "a/b" (blood pressure), and the text with them blanked out.</summary>
    public static (List<WrittenPair> Pairs, string Remaining) Pairs(string text)
    {
        var pairs = new List<WrittenPair>();
        var rest = PairPattern().Replace(text, match =>
        {
            pairs.Add(new WrittenPair(Number(match.Groups["a"].Value), Number(match.Groups["b"].Value), Unit(match.Groups["unit"].Success ? match.Groups["unit"].Value : null)));
            return new string(' ', match.Length);
        });
        return (pairs, rest);
    }

    /// <summary>The numbers written, each with the unit that follows it if that is a unit.</summary>
    public static List<WrittenNumber> Numbers(string text) =>
        NumberPattern().Matches(text).Select(m =>
        {
            var number = m.Groups["n"].Value.Replace(',', '.');
            var dot = number.IndexOf('.', StringComparison.Ordinal);
            return new WrittenNumber(Number(number), dot < 0 ? 0 : number.Length - dot - 1, Unit(m.Groups["unit"].Success ? m.Groups["unit"].Value : null), m.Index);
        }).ToList();

    /// <summary>True when <paramref name="written"/> is <paramref name="recorded"/> as written: equal, or rounded to the decimals written.</summary>
    public static bool SameQuantity(WrittenNumber written, decimal recorded) =>
        written.Value == recorded || Math.Round(recorded, Math.Min(written.Decimals, 10), MidpointRounding.AwayFromZero) == written.Value;

    private static decimal Number(string text) => decimal.Parse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static DateOnly? ReadDate(Match match)
    {
        int year, month, day;
        if (match.Groups["iy"].Success)
        {
            (year, month, day) = (Int(match.Groups["iy"]), Int(match.Groups["im"]), Int(match.Groups["id"]));
        }
        else if (match.Groups["uy"].Success)
        {
            // 05/01/2019 as American notes write it: month first.
            (year, month, day) = (Int(match.Groups["uy"]), Int(match.Groups["um"]), Int(match.Groups["ud"]));
        }
        else if (match.Groups["zy"].Success)
        {
            (year, month, day) = (Int(match.Groups["zy"]), Int(match.Groups["zm"]), Int(match.Groups["zd"]));
        }
        else
        {
            var name = (match.Groups["mn1"].Success ? match.Groups["mn1"] : match.Groups["mn2"]).Value.ToLowerInvariant();
            month = Array.FindIndex(MonthNames, m => m.StartsWith(name, StringComparison.Ordinal)) + 1;
            day = Int(match.Groups["d1"].Success ? match.Groups["d1"] : match.Groups["d2"]);
            year = Int(match.Groups["y1"].Success ? match.Groups["y1"] : match.Groups["y2"]);
        }
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month) && year is >= 1 and <= 9999
            ? new DateOnly(year, month, day)
            : null;
    }

    private static int Int(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<iy>\d{4})[-/.](?<im>\d{1,2})[-/.](?<id>\d{1,2})(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?|(?<um>\d{1,2})/(?<ud>\d{1,2})/(?<uy>\d{4})|(?<zy>\d{4})\s*年\s*(?<zm>\d{1,2})\s*月\s*(?<zd>\d{1,2})\s*日|(?<mn1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y1>\d{4})|(?<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?<mn2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?<y2>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"(?<![A-Za-z])(?<mn>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?<y>\d{4})(?!\d)|(?<zy>\d{4})\s*年\s*(?<zm>\d{1,2})\s*月(?!\s*\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"(?<![A-Za-z\d])(?<age>\d{1,3})(?:-|\s)?(?:year-old|years? old|yo\b|岁)|aged\s+(?<age>\d{1,3})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgePattern();

    [GeneratedRegex(@"(?<![A-Za-z\d.\-/])(?<a>\d{2,3})/(?<b>\d{2,3})(?![\d/])\s?(?<unit>[a-zA-Z\[\]]+|毫米汞柱)?", RegexOptions.CultureInvariant)]
    private static partial Regex PairPattern();

    [GeneratedRegex(@"(?<![A-Za-z\d.\-/\*\^_])(?<n>\d+(?:\.\d+)?)\s?(?<unit>[a-zA-Zµ°%\[\]\{\}/\^²\*\d毫微千公厘克升米汞柱次分]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
