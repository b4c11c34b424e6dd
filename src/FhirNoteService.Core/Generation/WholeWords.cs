namespace FhirNoteService.Core.Generation;

/// <summary>Case-insensitive search for a term standing as whole words: "Ima" is not found in "Estimated".</summary>
internal static class WholeWords
{
    public static bool Contain(string text, string term)
    {
        for (var at = text.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + term.Length;
            if ((at == 0 || !char.IsLetterOrDigit(text[at - 1])) && (end == text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
        }
        return false;
    }
}
