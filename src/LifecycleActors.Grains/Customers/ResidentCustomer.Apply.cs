using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Grains;

/// <summary>Applying events, each log position exactly once.</summary>
public sealed partial class ResidentCustomer
{
    private static readonly string IdentifyType = EventType.Identify.ToWireName();

    private async Task ApplyAsync(IReadOnlyList<LoggedEvent> events)
    {
        using var span = EventPathSpans.Apply(_tenant, events.Count);

        // Read before anything changes: a failed read leaves the customer as it was, to be repaired from the _services.Log.
        var segments = await ReadLinkedSegmentsAsync(events);
        var now = _services.Clock.Now(_tenant);
        var facts = _services.TenantFacts.For(_tenant);
        var transitions = new List<Transition>();
        var messages = new List<CustomerMessage>();
        var applied = 0;
        foreach (var e in events)
        {
            if (!_applied.TryMarkApplied(e.Position))
            {
                continue;
            }

            var customerEvent = e.ToRules();
            if (State.Rules.EventsApplied == 0 && customerEvent.Type == EventType.Signup)
            {
                Feed([CampaignFeed.Joined(_tenant, _customerId, e.OccurredAt, now)], now);
            }

            var outcome = Rules.Apply(State.Rules, customerEvent, facts, _services.Clock.IsEventTime ? e.OccurredAt : now);
            transitions.AddRange(outcome.Transitions);
            messages.AddRange(outcome.Messages);
            applied++;
            if (e.SentAs is { } anonymousId && segments.TryGetValue(e.Position, out var segment))
            {
                applied += Merge(anonymousId, segment, facts, now, transitions, messages);
            }
        }

        if (applied == 0)
        {
            return;
        }

        _services.ApplyMetrics.Applied(applied);
        now = NotBeforeOwnEvents(now);
        State.UpdatedAt = now;
        _eventsSinceSnapshot += applied;
        MarkDirty();
        Publish(transitions, now);
        EnqueueRow(now);
        Queue(messages);
        if (!_applyingFromLog && _eventsSinceSnapshot >= _services.Snapshots.EveryEvents)
        {
            await SnapshotAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The anonymous ids that the <c>identify</c> entries among <paramref name="events"/> link to this customer, with
    /// their log entries, for each identify not applied yet whose id is not merged yet. Once its link is committed no
    /// entry is added under an anonymous id again, so what is read here is all there ever is.
    /// </summary>
    private async Task<Dictionary<long, IReadOnlyList<LoggedEvent>>> ReadLinkedSegmentsAsync(IReadOnlyList<LoggedEvent> events)
    {
        var segments = new Dictionary<long, IReadOnlyList<LoggedEvent>>();
        foreach (var e in events)
        {
            if (e.Type == IdentifyType && e.SentAs is { } anonymousId && !_applied.IsApplied(e.Position)
                && !State.LinkedAnonymousIds.Contains(anonymousId) && !segments.ContainsKey(e.Position))
            {
                segments[e.Position] = await _services.Log.ReadCustomerAsync(_tenant, anonymousId, 0, CancellationToken.None);
            }
        }

        return segments;
    }

    /// <summary>
    /// Applies an anonymous visitor's log entries through the same rules, in the turn that applies the identify that
    /// links it: the snapshot holds the link and its merged events together or neither, so a crash part-way loses and
    /// doubles nothing (the replay applies the identify, and merges, again).
    /// </summary>
    private int Merge(
        string anonymousId, IReadOnlyList<LoggedEvent> segment, TenantFacts facts, DateTimeOffset now, List<Transition> transitions, List<CustomerMessage> messages)
    {
        if (State.LinkedAnonymousIds.Contains(anonymousId))
        {
            return 0;
        }

        foreach (var entry in segment)
        {
            var outcome = Rules.Apply(State.Rules, entry.ToRules(), facts, _services.Clock.IsEventTime ? entry.OccurredAt : now);
            transitions.AddRange(outcome.Transitions);
            messages.AddRange(outcome.Messages);
        }

        // Replaced, never changed in place: a snapshot write may be reading it.
        State.LinkedAnonymousIds = [.. State.LinkedAnonymousIds, anonymousId];
        State.MergedEvents += segment.Count;
        _services.Metrics.Merged(_tenant, segment.Count);
        return segment.Count;
    }
}
