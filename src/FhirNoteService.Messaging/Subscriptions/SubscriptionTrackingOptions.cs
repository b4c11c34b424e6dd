using FluentValidation;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>How the subscription tracker notices notifications that never arrived. Section <c>Subscriptions</c>.</summary>
public sealed class SubscriptionTrackingOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>
    /// How long a missing event number may be late before it counts as a gap: servers deliver concurrently and out of
    /// order, so a later number often arrives first.
    /// </summary>
    public TimeSpan GapGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A catch-up search starts this long before the last moment the tracker knows it had every event: clocks differ,
    /// and an encounter's last update can be a little older than the event that announced it.
    /// </summary>
    public TimeSpan CatchUpOverlap { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When the tracker first hears of a subscription after it started, it catches up this far back: what arrived
    /// while it was stopped, or a gap it had noticed but not yet caught up, is not lost with its memory. Zero turns it off.
    /// </summary>
    public TimeSpan FirstContactCatchUp { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often gaps and missed heartbeats are looked for.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);
}

internal sealed class SubscriptionTrackingOptionsValidator : AbstractValidator<SubscriptionTrackingOptions>
{
    public SubscriptionTrackingOptionsValidator()
    {
        RuleFor(o => o.GapGrace).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromHours(1)).WithMessage("Subscriptions:GapGrace must be between 0 and 1 hour");
        RuleFor(o => o.CatchUpOverlap).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(1)).WithMessage("Subscriptions:CatchUpOverlap must be between 0 and 1 day");
        RuleFor(o => o.FirstContactCatchUp).InclusiveBetween(TimeSpan.Zero, TimeSpan.FromDays(7)).WithMessage("Subscriptions:FirstContactCatchUp must be between 0 and 7 days");
        RuleFor(o => o.CheckInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)).WithMessage("Subscriptions:CheckInterval must be between 100 ms and 5 minutes");
    }
}
