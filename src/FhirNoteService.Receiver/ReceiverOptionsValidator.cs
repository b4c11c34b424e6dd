using System.Text.RegularExpressions;
using FluentValidation;

namespace FhirNoteService.Receiver;

internal sealed partial class ReceiverOptionsValidator : AbstractValidator<ReceiverOptions>
{
    public const int MinimumTokenLength = 32;

    public ReceiverOptionsValidator()
    {
        RuleFor(o => o.Sources).NotEmpty().WithMessage("Receiver:Sources must name at least one sender (Receiver:Sources:{name}:Kind and :Token)");
        RuleForEach(o => o.Sources).Custom((source, context) =>
        {
            var name = source.Key;
            if (!SourceName().IsMatch(name))
            {
                context.AddFailure("Receiver:Sources: a source name must be 1-64 letters, digits, '-' or '_'");
                return;
            }
            var options = source.Value;
            if (!EventSourceKinds.All.Contains(options.Kind, StringComparer.Ordinal))
            {
                context.AddFailure($"Receiver:Sources:{name}:Kind '{options.Kind}' is not one of: {string.Join(", ", EventSourceKinds.All)}");
            }
            if (options.Token.Length < MinimumTokenLength)
            {
                context.AddFailure($"Receiver:Sources:{name}:Token must be at least {MinimumTokenLength} characters (from a secret)");
            }
            if (options.HeartbeatPeriod is { } period && (period < TimeSpan.FromSeconds(1) || period > TimeSpan.FromDays(1)))
            {
                context.AddFailure($"Receiver:Sources:{name}:HeartbeatPeriod must be between 1 second and 1 day");
            }
        });
        RuleFor(o => o.MaxBodyBytes).InclusiveBetween(4 * 1024, 64 * 1024 * 1024).WithMessage("Receiver:MaxBodyBytes must be between 4 KiB and 64 MiB");
        RuleFor(o => o.PublishTimeout).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)).WithMessage("Receiver:PublishTimeout must be between 100 ms and 1 minute");
        RuleFor(o => o.DuplicateWindow).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(7)).WithMessage("Receiver:DuplicateWindow must be between 0 and 7 days");
        RuleFor(o => o.DuplicateCapacity).InclusiveBetween(0, 10_000_000).WithMessage("Receiver:DuplicateCapacity must be between 0 and 10,000,000");
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex SourceName();
}
