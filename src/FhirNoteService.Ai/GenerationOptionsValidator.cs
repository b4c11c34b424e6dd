using FluentValidation;

namespace FhirNoteService.Ai;

internal sealed class GenerationOptionsValidator : AbstractValidator<GenerationOptions>
{
    public GenerationOptionsValidator()
    {
        RuleFor(o => o.Provider)
            .Must(p => GenerationProviders.All.Contains(p, StringComparer.OrdinalIgnoreCase))
            .WithMessage(o => $"{GenerationOptions.SectionName}:Provider '{o.Provider}' is not one of: {string.Join(", ", GenerationProviders.All)}");
    }
}
