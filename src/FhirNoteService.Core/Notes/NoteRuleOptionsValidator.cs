using System.Text.RegularExpressions;
using FluentValidation;

namespace FhirNoteService.Core.Notes;

/// <summary>
/// The rules' own shape, each problem naming its rule. Whether each template, language and model profile exists is
/// checked where they live (the language packs and the generation settings).
/// </summary>
public sealed partial class NoteRuleOptionsValidator : AbstractValidator<NoteRuleOptions>
{
    public NoteRuleOptionsValidator()
    {
        RuleFor(o => o.File)
            .Must(file => System.IO.File.Exists(file))
            .When(o => !string.IsNullOrEmpty(o.File))
            .WithMessage(o => $"NoteRules:File '{o.File}' does not exist");
        RuleFor(o => o).Custom((options, context) =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < options.Rules.Count; i++)
            {
                var rule = options.Rules[i];
                var at = $"NoteRules:Rules:{i}";
                if (!RuleName().IsMatch(rule.Name))
                {
                    context.AddFailure($"{at}:Name must be 1-64 letters, digits, '-' or '_'");
                    continue;
                }
                if (!names.Add(rule.Name) || DefaultNoteRules.All.Any(d => d.Name == rule.Name))
                {
                    context.AddFailure($"note rule '{rule.Name}': the name is used twice (or by a default rule)");
                }
                if (rule.MinLengthOfStay > rule.MaxLengthOfStay)
                {
                    context.AddFailure($"note rule '{rule.Name}': MinLengthOfStay is longer than MaxLengthOfStay");
                }
                foreach (var note in rule.Notes.Where(n => ClinicalNoteType.FromKey(n.NoteType) is null))
                {
                    context.AddFailure($"note rule '{rule.Name}': note type '{note.NoteType}' is not one of: {string.Join(", ", ClinicalNoteType.All.Select(t => t.Key))}");
                }
                if (rule.Notes.GroupBy(n => n.NoteType, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
                {
                    context.AddFailure($"note rule '{rule.Name}': a note type is given twice (one draft series per note type and encounter)");
                }
            }
        });
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RuleName();
}
