using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Core.Configuration;

/// <summary>Binds an options class to its configuration section and validates it with FluentValidation at start-up.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="sectionName"/> and fails start-up with every problem
    /// <typeparamref name="TValidator"/> finds, each naming its setting.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string sectionName)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IValidateOptions<TOptions>>(new FluentValidateOptions<TOptions>(new TValidator()));
        services.AddSingleton<ISettingsCheck, SettingsCheck<TOptions>>();
        return services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateOnStart();
    }

    /// <summary>
    /// Every problem with every validated setting, each naming its setting; empty when all are valid. A host asks before
    /// it starts, so that an operator sees them all at once, not the first one found in a stack trace.
    /// </summary>
    public static IReadOnlyList<string> SettingsProblems(this IServiceProvider services) =>
        services.GetServices<ISettingsCheck>().SelectMany(check => check.Problems()).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Adds settings problems found another way (settings of a part built apart, e.g. each EMR of several).</summary>
    public static IServiceCollection AddSettingsCheck(this IServiceCollection services, Func<IServiceProvider, IEnumerable<string>> problems)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ISettingsCheck>(provider => new DelegatedSettingsCheck(() => problems(provider)));
        return services;
    }

    private sealed class DelegatedSettingsCheck(Func<IEnumerable<string>> problems) : ISettingsCheck
    {
        public IEnumerable<string> Problems() => problems();
    }

    private interface ISettingsCheck
    {
        IEnumerable<string> Problems();
    }

    private sealed class SettingsCheck<TOptions>(IOptions<TOptions> options) : ISettingsCheck
        where TOptions : class
    {
        public IEnumerable<string> Problems()
        {
            try
            {
                _ = options.Value;
                return [];
            }
            catch (OptionsValidationException invalid)
            {
                return invalid.Failures;
            }
        }
    }

    private sealed class FluentValidateOptions<TOptions>(IValidator<TOptions> validator) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var result = validator.Validate(options);
            return result.IsValid
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(result.Errors.Select(e => e.ErrorMessage));
        }
    }
}
