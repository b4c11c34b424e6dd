using System.Reflection;

namespace FhirNoteService.Core.Generation.Grounding;

/// <summary>What kind of clinical name a vocabulary term is.</summary>
internal enum TermKind
{
    Drug,
    Diagnosis,
    Procedure,

    /// <summary>A name taken from the record itself (a fact's label or the drug in it).</summary>
    Record,
}

/// <summary>A clinical concept by its names: English names match as whole words, Chinese names as they stand.</summary>
internal sealed record Term(TermKind Kind, IReadOnlyList<string> English, IReadOnlyList<string> Chinese)
{
    // The first word of each English name, lower case: a name can only stand in a text that has its first word.
    private readonly string[] _firstWords = English.Select(e => e.Split(' ')[0].ToLowerInvariant()).ToArray();

    /// <summary>Where in <paramref name="text"/> one of the names stands, or -1.</summary>
    public (int At, int Length) FindIn(string text)
    {
        foreach (var name in English)
        {
            if (Words.Find(text, name) is var at and >= 0)
            {
                return (at, name.Length);
            }
        }
        foreach (var name in Chinese)
        {
            if (text.IndexOf(name, StringComparison.Ordinal) is var at and >= 0)
            {
                return (at, name.Length);
            }
        }
        return (-1, 0);
    }

    /// <summary>
    /// Adds every place in <paramref name="text"/> where one of the names stands; <paramref name="words"/> are the
    /// text's Latin words in lower case and <paramref name="hasChinese"/> whether it has any other script, so that
    /// a name that cannot be there is not searched for.
    /// </summary>
    public void AllIn(string text, HashSet<string> words, bool hasChinese, List<(Term Term, int At, int Length)> found)
    {
        for (var i = 0; i < English.Count; i++)
        {
            if (!words.Contains(_firstWords[i]))
            {
                continue;
            }
            for (var at = Words.Find(text, English[i], 0); at >= 0; at = Words.Find(text, English[i], at + 1))
            {
                found.Add((this, at, English[i].Length));
            }
        }
        if (!hasChinese)
        {
            return;
        }
        foreach (var name in Chinese)
        {
            for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                found.Add((this, at, name.Length));
            }
        }
    }

    /// <summary>True when a fact's label names this concept, in either language.</summary>
    public bool IsNamedBy(string label) => FindIn(label).At >= 0;
}

/// <summary>
/// The general list of drug, diagnosis and procedure names (<c>clinical-vocabulary.tsv</c>, with their Chinese names),
/// loaded once. A name the model writes outside its references is looked up here and among the record's own names.
/// </summary>
internal static class ClinicalVocabulary
{
    private static readonly Lazy<IReadOnlyList<Term>> Loaded = new(Load);

    public static IReadOnlyList<Term> General => Loaded.Value;

    private static List<Term> Load()
    {
        var assembly = typeof(ClinicalVocabulary).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("clinical-vocabulary.tsv", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        var terms = new List<Term>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split('\t');
            var kind = fields[0] switch
            {
                "drug" => TermKind.Drug,
                "diagnosis" => TermKind.Diagnosis,
                "procedure" => TermKind.Procedure,
                _ => throw new InvalidDataException($"clinical-vocabulary.tsv: unknown kind '{fields[0]}'"),
            };
            terms.Add(new Term(kind, fields[1].Split('|'), fields.Length > 2 ? fields[2].Split('|', StringSplitOptions.RemoveEmptyEntries) : []));
        }
        // Longer names first, so that "insulin glargine" is found before "insulin".
        return terms.OrderByDescending(t => t.English.Max(e => e.Length)).ToList();
    }
}

/// <summary>Whole-word search for Latin-script names: a neighbouring Chinese character is a boundary, a Latin letter or digit is not.</summary>
internal static class Words
{
    public static int Find(string text, string word, int from = 0)
    {
        for (var at = text.IndexOf(word, from, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsLatin(text[at - 1])) && (end == text.Length || !IsLatin(text[end])))
            {
                return at;
            }
        }
        return -1;
    }

    private static bool IsLatin(char c) => char.IsAsciiLetterOrDigit(c) || c is '\'' or '-';

    /// <summary>The Latin words of a text in lower case, and whether it has characters of another script.</summary>
    public static (HashSet<string> Words, bool HasOtherScript) Of(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var other = false;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '\'');
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
            other |= i < text.Length && text[i] > 0x7F;
        }
        return (words, other);
    }
}
