using FhirNoteService.Core.Notes;
using FluentValidation;

namespace FhirNoteService.Ai;

internal sealed class GenerationOptionsValidator : AbstractValidator<GenerationOptions>
{
    public GenerationOptionsValidator()
    {
        RuleFor(o => o.Provider)
            .Must(BeAProvider)
            .WithMessage(o => $"Generation:Provider '{o.Provider}' is not one of: {string.Join(", ", GenerationProviders.All)}");
        RuleFor(o => o)
            .Must(o => Resolves(o, null))
            .WithMessage("Generation:Endpoint and Generation:Model are required for a model provider (openai, azure-openai, ollama)");
        RuleFor(o => o.Timeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)).WithMessage("Generation:Timeout must be between 100 ms and 10 minutes");
        RuleFor(o => o.MaxRetries).InclusiveBetween(0, 10).WithMessage("Generation:MaxRetries must be between 0 and 10");
        RuleFor(o => o.RetryDelay).GreaterThan(TimeSpan.Zero).WithMessage("Generation:RetryDelay must be positive");
        RuleFor(o => o.BreakerFailureRatio).InclusiveBetween(0.01, 1.0).WithMessage("Generation:BreakerFailureRatio must be between 0.01 and 1");
        RuleFor(o => o.BreakerMinimumThroughput).GreaterThanOrEqualTo(2).WithMessage("Generation:BreakerMinimumThroughput must be at least 2");
        RuleFor(o => o.BreakerSamplingDuration).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).WithMessage("Generation:BreakerSamplingDuration must be at least 500 ms");
        RuleFor(o => o.BreakerBreakDuration).GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(500)).WithMessage("Generation:BreakerBreakDuration must be at least 500 ms");
        RuleFor(o => o.MinimumFacts).InclusiveBetween(0, 100).WithMessage("Generation:MinimumFacts must be between 0 and 100");
        RuleFor(o => o.Verifier)
            .Must(v => v.Provider is null || string.Equals(v.Provider, GenerationProviders.Offline, StringComparison.OrdinalIgnoreCase)
                || (BeAProvider(v.Provider) && v.Endpoint is { IsAbsoluteUri: true } && !string.IsNullOrWhiteSpace(v.Model)))
            .WithMessage("Generation:Verifier needs a known Provider and, for a model provider, an Endpoint and a Model (leave Provider empty to verify with no second model)");
        RuleForEach(o => o.NoteTypes).Custom((entry, context) =>
        {
            if (ClinicalNoteType.All.All(t => !string.Equals(t.Key, entry.Key, StringComparison.OrdinalIgnoreCase)))
            {
                context.AddFailure($"Generation:NoteTypes:{entry.Key} is not a note type; use one of: {string.Join(", ", ClinicalNoteType.All.Select(t => t.Key))}");
            }
            else if (!BeAProvider(entry.Value.Provider ?? context.InstanceToValidate.Provider) || !Resolves(context.InstanceToValidate, entry.Value))
            {
                context.AddFailure($"Generation:NoteTypes:{entry.Key} needs a known Provider and, for a model provider, an Endpoint and a Model");
            }
            else if (entry.Value.MinimumFacts is < 0 or > 100)
            {
                context.AddFailure($"Generation:NoteTypes:{entry.Key}:MinimumFacts must be between 0 and 100");
            }
        });
        RuleForEach(o => o.Profiles).Custom((entry, context) =>
        {
            if (!BeAProvider(entry.Value.Provider ?? context.InstanceToValidate.Provider) || !Resolves(context.InstanceToValidate, entry.Value))
            {
                context.AddFailure($"Generation:Profiles:{entry.Key} needs a known Provider and, for a model provider, an Endpoint and a Model");
            }
            else if (entry.Value.MinimumFacts is < 0 or > 100)
            {
                context.AddFailure($"Generation:Profiles:{entry.Key}:MinimumFacts must be between 0 and 100");
            }
        });
    }

    private static bool BeAProvider(string? provider) => GenerationProviders.All.Contains(provider, StringComparer.OrdinalIgnoreCase);

    private static bool Resolves(GenerationOptions options, ModelProfileOptions? overrides)
    {
        var provider = overrides?.Provider ?? options.Provider;
        return string.Equals(provider, GenerationProviders.Offline, StringComparison.OrdinalIgnoreCase)
            || ((overrides?.Endpoint ?? options.Endpoint) is { IsAbsoluteUri: true } && !string.IsNullOrWhiteSpace(overrides?.Model ?? options.Model));
    }
}
