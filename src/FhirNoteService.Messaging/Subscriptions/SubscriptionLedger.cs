using FhirNoteService.Contracts;
using Microsoft.Extensions.Options;

namespace FhirNoteService.Messaging.Subscriptions;

/// <summary>
/// What the tracker knows of each subscription: the event numbers seen, the highest the server has told of, when it
/// last heard anything. Decides when events went missing and from when to search for them. Kept in memory by the one
/// active tracker; after a restart, <see cref="SubscriptionTrackingOptions.FirstContactCatchUp"/> covers what it forgot.
/// </summary>
public sealed class SubscriptionLedger(IOptions<SubscriptionTrackingOptions> options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Source, string Subscription), SubscriptionState> _states = [];

    /// <summary>How many subscriptions are tracked.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _states.Count;
            }
        }
    }

    /// <summary>Records a notification; returns the catch-ups it calls for at once (first contact, an error status, an empty payload).</summary>
    public IReadOnlyList<CatchUpRequest> Record(SubscriptionNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var catchUps = new List<CatchUpRequest>();
        CatchUpRequest Request(DateTimeOffset since, CatchUpReason reason) => new(notification.Source, notification.Subscription, since, reason);
        lock (_lock)
        {
            var key = (notification.Source, notification.Subscription);
            if (!_states.TryGetValue(key, out var state))
            {
                state = SubscriptionState.FirstContact(notification, now);
                _states[key] = state;
                if (settings.FirstContactCatchUp > TimeSpan.Zero && notification.Type != SubscriptionNotificationTypes.Handshake)
                {
                    catchUps.Add(Request(now - settings.FirstContactCatchUp, CatchUpReason.FirstContact));
                }
            }
            state.Heard(notification, now);
            if (string.Equals(notification.Status, "error", StringComparison.Ordinal))
            {
                catchUps.Add(Request(state.SettledAt - settings.CatchUpOverlap, CatchUpReason.ErrorStatus));
            }
            if (notification.Type == SubscriptionNotificationTypes.EventNotification)
            {
                if (notification.Events.Count == 0)
                {
                    catchUps.Add(Request(state.SettledAt - settings.CatchUpOverlap, CatchUpReason.EmptyPayload));
                }
                foreach (var empty in notification.Events.Where(e => e.Focus is null))
                {
                    catchUps.Add(Request((empty.Timestamp ?? now) - settings.CatchUpOverlap, CatchUpReason.EmptyPayload));
                }
            }
        }
        // One search from the earliest moment serves every reason found in one notification.
        return catchUps.Count <= 1 ? catchUps : [catchUps.MinBy(c => c.Since)!];
    }

    /// <summary>
    /// The catch-ups due now: a gap older than <see cref="SubscriptionTrackingOptions.GapGrace"/>, or nothing heard
    /// for a heartbeat period plus the grace. Each is settled as it is returned: the search covers it.
    /// </summary>
    public IReadOnlyList<CatchUpRequest> Due()
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var due = new List<CatchUpRequest>();
        lock (_lock)
        {
            foreach (var ((source, subscription), state) in _states)
            {
                var reason = state.GapSince is { } since && now - since >= settings.GapGrace ? CatchUpReason.Gap
                    : state.HeartbeatPeriod is { } period && now - state.LastHeard >= period + settings.GapGrace ? CatchUpReason.MissedHeartbeat
                    : (CatchUpReason?)null;
                if (reason is { } why)
                {
                    due.Add(new CatchUpRequest(source, subscription, state.SettledAt - settings.CatchUpOverlap, why));
                    state.SettleAll(now);
                }
            }
        }
        return due;
    }

    private sealed class SubscriptionState
    {
        // Every number up to Settled was seen or caught up; the numbers seen above it, with their times.
        private readonly SortedDictionary<long, DateTimeOffset> _seenAbove = [];
        private long _settled;
        private long _known;

        private SubscriptionState(long settled, DateTimeOffset settledAt)
        {
            _settled = settled;
            _known = settled;
            SettledAt = settledAt;
            LastHeard = settledAt;
        }

        /// <summary>Every event up to this moment is known to have been handled: catch-up searches start here.</summary>
        public DateTimeOffset SettledAt { get; private set; }

        public DateTimeOffset? GapSince { get; private set; }

        public DateTimeOffset LastHeard { get; private set; }

        public TimeSpan? HeartbeatPeriod { get; private set; }

        public static SubscriptionState FirstContact(SubscriptionNotification notification, DateTimeOffset now)
        {
            var numbers = notification.Events.Where(e => e.EventNumber is not null).Select(e => e.EventNumber!.Value).ToList();
            var settled = numbers.Count > 0 ? numbers.Min() - 1 : notification.EventsSinceSubscriptionStart ?? 0;
            var earliest = notification.Events.Select(e => e.Timestamp).Where(t => t is not null).Min() ?? now;
            return new SubscriptionState(Math.Max(settled, 0), earliest < now ? earliest : now);
        }

        public void Heard(SubscriptionNotification notification, DateTimeOffset now)
        {
            LastHeard = now;
            HeartbeatPeriod = notification.HeartbeatPeriod;
            foreach (var number in notification.Events.Where(e => e.EventNumber > _settled))
            {
                _seenAbove[number.EventNumber!.Value] = number.Timestamp ?? now;
                _known = Math.Max(_known, number.EventNumber.Value);
            }
            _known = Math.Max(_known, notification.EventsSinceSubscriptionStart ?? 0);
            while (_seenAbove.Remove(_settled + 1, out var at))
            {
                _settled++;
                SettledAt = at > SettledAt ? at : SettledAt;
            }
            GapSince = _known > _settled ? GapSince ?? now : null;
        }

        public void SettleAll(DateTimeOffset now)
        {
            _settled = _known;
            _seenAbove.Clear();
            SettledAt = now;
            LastHeard = now;
            GapSince = null;
        }
    }
}
