using FluentValidation;

namespace FhirNoteService.Messaging;

internal sealed class MessagingOptionsValidator : AbstractValidator<MessagingOptions>
{
    public MessagingOptionsValidator()
    {
        RuleFor(o => o.Transport)
            .Must(t => MessagingTransports.All.Contains(t, StringComparer.OrdinalIgnoreCase))
            .WithMessage(o => $"Messaging:Transport '{o.Transport}' is not one of: {string.Join(", ", MessagingTransports.All)}");
        RuleFor(o => o.ConcurrencyLimit).InclusiveBetween(1, 1024).WithMessage("Messaging:ConcurrencyLimit must be between 1 and 1024");
        RuleFor(o => o.PrefetchCount)
            .GreaterThanOrEqualTo(o => o.ConcurrencyLimit).WithMessage("Messaging:PrefetchCount must be at least Messaging:ConcurrencyLimit");
        RuleFor(o => o.MaxEventBytes).InclusiveBetween(1024, 16 * 1024 * 1024).WithMessage("Messaging:MaxEventBytes must be between 1 KiB and 16 MiB");
        RuleFor(o => o.RetryLimit).InclusiveBetween(0, 50).WithMessage("Messaging:RetryLimit must be between 0 and 50");
        RuleFor(o => o.RetryMinInterval).GreaterThan(TimeSpan.Zero).WithMessage("Messaging:RetryMinInterval must be positive");
        RuleFor(o => o.RetryMaxInterval)
            .GreaterThanOrEqualTo(o => o.RetryMinInterval).WithMessage("Messaging:RetryMaxInterval must be at least Messaging:RetryMinInterval");
        RuleFor(o => o.PauseProbeInterval).GreaterThan(TimeSpan.Zero).WithMessage("Messaging:PauseProbeInterval must be positive");
        RuleFor(o => o.PauseProbeMaxInterval)
            .GreaterThanOrEqualTo(o => o.PauseProbeInterval).WithMessage("Messaging:PauseProbeMaxInterval must be at least Messaging:PauseProbeInterval");
        RuleFor(o => o.ShutdownGracePeriod)
            .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(30)).WithMessage("Messaging:ShutdownGracePeriod must be between 0 and 30 minutes");
        When(o => string.Equals(o.Transport, MessagingTransports.RabbitMq, StringComparison.OrdinalIgnoreCase), () =>
        {
            RuleFor(o => o.RabbitMq.Host).NotEmpty().WithMessage("Messaging:RabbitMq:Host is required");
            RuleFor(o => o.RabbitMq.Port).NotEqual((ushort)0).WithMessage("Messaging:RabbitMq:Port is required");
            RuleFor(o => o.RabbitMq.Username).NotEmpty().WithMessage("Messaging:RabbitMq:Username is required");
            RuleFor(o => o.RabbitMq.Password).NotEmpty().WithMessage("Messaging:RabbitMq:Password is required (from a secret)");
        });
    }
}
