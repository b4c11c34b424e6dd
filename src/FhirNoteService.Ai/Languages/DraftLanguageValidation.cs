using FhirNoteService.Core.Drafts;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Ai.Languages;

/// <summary><c>Drafts:Language</c> must have a complete language pack: a worker never writes notes in a language it cannot.</summary>
internal sealed class DraftLanguageValidation(LanguagePacks languages) : IValidateOptions<DraftOptions>
{
    public ValidateOptionsResult Validate(string? name, DraftOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (languages.Has(options.Language))
        {
            return ValidateOptionsResult.Success;
        }
        var problems = languages.Problems.Count == 0 ? string.Empty : $" ({string.Join("; ", languages.Problems)})";
        return ValidateOptionsResult.Fail($"Drafts:Language '{options.Language}' has no language pack; there are: {string.Join(", ", languages.Languages)}{problems}");
    }
}
