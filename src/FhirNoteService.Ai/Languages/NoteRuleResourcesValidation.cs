using FhirNoteService.Core.Drafts;
using FhirNoteService.Core.Notes;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Ai.Languages;

/// <summary>
/// Every note a rule can give must be writable: its language has a pack, the pack has its template, and its model
/// profile is configured. Otherwise the service refuses to start, naming the rule.
/// </summary>
internal sealed class NoteRuleResourcesValidation(LanguagePacks languages, IOptions<GenerationOptions> generation, IOptions<DraftOptions> drafts) : IValidateOptions<NoteRuleOptions>
{
    public ValidateOptionsResult Validate(string? name, NoteRuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var rule in options.RulesInOrder())
        {
            // An unknown note type is reported by the rules' own validator.
            foreach (var (note, noteType) in rule.Notes.Select(n => (n, ClinicalNoteType.FromKey(n.NoteType))).Where(pair => pair.Item2 is not null))
            {
                var language = note.Language ?? drafts.Value.Language;
                var template = note.Template ?? noteType!.Key;
                if (!languages.Has(language))
                {
                    // Drafts:Language's own check reports a default language without a pack.
                    if (note.Language is not null)
                    {
                        problems.Add($"note rule '{rule.Name}': language '{language}' has no language pack; there are: {string.Join(", ", languages.Languages)}");
                    }
                }
                else if (!languages.For(language).Notes.ContainsKey(template))
                {
                    problems.Add($"note rule '{rule.Name}': the {language} language pack has no template '{template}'; it has: {string.Join(", ", languages.For(language).Notes.Keys.Order(StringComparer.Ordinal))}");
                }
                if (note.Model is { } model && !generation.Value.Profiles.ContainsKey(model))
                {
                    problems.Add($"note rule '{rule.Name}': model profile '{model}' is not configured (Generation:Profiles:{model})");
                }
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
