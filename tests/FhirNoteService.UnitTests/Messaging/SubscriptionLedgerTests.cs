using FhirNoteService.Contracts;
using FhirNoteService.Messaging.Subscriptions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FhirNoteService.UnitTests.Messaging;

public sealed class SubscriptionLedgerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SubscriptionTrackingOptions _options = new()
    {
        GapGrace = TimeSpan.FromSeconds(10),
        CatchUpOverlap = TimeSpan.FromMinutes(1),
        FirstContactCatchUp = TimeSpan.Zero,
    };

    [Fact]
    public void NumbersInOrder_LeaveNothingDue()
    {
        var ledger = Ledger();
        ledger.Record(Events(1, 1));
        ledger.Record(Events(2, 2));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(ledger.Due());
    }

    [Fact]
    public void ANumberLateWithinTheGrace_IsNoGap()
    {
        var ledger = Ledger();
        ledger.Record(Events(1, 1));
        ledger.Record(Events(3, 3));
        _clock.Advance(TimeSpan.FromSeconds(5));
        ledger.Record(Events(3, 2));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(ledger.Due());
    }

    [Fact]
    public void ANumberMissingPastTheGrace_IsAGap_CaughtUpOnceFromTheLastSettledEvent()
    {
        var ledger = Ledger();
        ledger.Record(Events(1, 1, at: Start.AddSeconds(-30)));
        ledger.Record(Events(3, 3));
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(ledger.Due());
        _clock.Advance(TimeSpan.FromSeconds(1));

        var due = Assert.Single(ledger.Due());
        Assert.Equal(CatchUpReason.Gap, due.Reason);
        Assert.Equal(Start.AddSeconds(-30) - _options.CatchUpOverlap, due.Since);
        Assert.Empty(ledger.Due());
    }

    [Fact]
    public void AHeartbeatCountingMoreEventsThanSeen_IsAGap()
    {
        var ledger = Ledger();
        ledger.Record(Events(1, 1));
        ledger.Record(Notification(SubscriptionNotificationTypes.Heartbeat, 2, []));
        _clock.Advance(_options.GapGrace);
        Assert.Equal(CatchUpReason.Gap, Assert.Single(ledger.Due()).Reason);
    }

    [Fact]
    public void NothingHeardForTheHeartbeatPeriodAndTheGrace_IsAMissedHeartbeat_AndSoAgainAfterAnotherPeriod()
    {
        var ledger = Ledger();
        ledger.Record(Notification(SubscriptionNotificationTypes.Heartbeat, 0, [], heartbeat: TimeSpan.FromMinutes(1)));
        _clock.Advance(TimeSpan.FromSeconds(69));
        Assert.Empty(ledger.Due());
        _clock.Advance(TimeSpan.FromSeconds(1));
        var due = Assert.Single(ledger.Due());
        Assert.Equal(CatchUpReason.MissedHeartbeat, due.Reason);
        Assert.Equal(Start - _options.CatchUpOverlap, due.Since);
        _clock.Advance(TimeSpan.FromSeconds(69));
        Assert.Empty(ledger.Due());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(ledger.Due());
    }

    [Fact]
    public void AnEmptyPayload_IsCaughtUpAtOnceFromItsTimestamp()
    {
        var ledger = Ledger();
        var at = Start.AddSeconds(-3);
        var catchUp = Assert.Single(ledger.Record(Notification(SubscriptionNotificationTypes.EventNotification, 1, [new SubscriptionEvent(1, at, null, null)])));
        Assert.Equal(CatchUpReason.EmptyPayload, catchUp.Reason);
        Assert.Equal(at - _options.CatchUpOverlap, catchUp.Since);
    }

    [Fact]
    public void AnErrorStatus_IsCaughtUpAtOnce()
    {
        var ledger = Ledger();
        ledger.Record(Events(1, 1));
        var catchUp = Assert.Single(ledger.Record(Notification(SubscriptionNotificationTypes.Heartbeat, 1, [], status: "error")));
        Assert.Equal(CatchUpReason.ErrorStatus, catchUp.Reason);
    }

    [Fact]
    public void FirstContact_CatchesUpTheConfiguredWindowOnce_ButNotForAHandshake()
    {
        _options.FirstContactCatchUp = TimeSpan.FromMinutes(15);
        var ledger = Ledger();
        Assert.Empty(ledger.Record(Notification(SubscriptionNotificationTypes.Handshake, 0, [], subscription: "Subscription/new")));
        var catchUp = Assert.Single(ledger.Record(Events(7, 7)));
        Assert.Equal(CatchUpReason.FirstContact, catchUp.Reason);
        Assert.Equal(Start - TimeSpan.FromMinutes(15), catchUp.Since);
        Assert.Empty(ledger.Record(Events(8, 8)));
    }

    [Fact]
    public void Subscriptions_AreTrackedApart()
    {
        var ledger = Ledger();
        ledger.Record(Events(1, 1));
        ledger.Record(Events(5, 5, subscription: "Subscription/other"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Empty(ledger.Due());
        Assert.Equal(2, ledger.Count);
    }

    private SubscriptionLedger Ledger() => new(Options.Create(_options), _clock);

    private SubscriptionNotification Events(long eventsSinceStart, long number, DateTimeOffset? at = null, string subscription = "Subscription/s1") =>
        Notification(SubscriptionNotificationTypes.EventNotification, eventsSinceStart, [new SubscriptionEvent(number, at ?? _clock.GetUtcNow(), $"Encounter/e{number}", null)], subscription: subscription);

    private SubscriptionNotification Notification(string type, long eventsSinceStart, IReadOnlyList<SubscriptionEvent> events, TimeSpan? heartbeat = null, string status = "active", string subscription = "Subscription/s1") =>
        new("emr", subscription, "http://example.org/topic", status, type, eventsSinceStart, events, heartbeat, _clock.GetUtcNow());
}
