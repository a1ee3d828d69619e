using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Grains;

/// <summary>Applying events, each log position exactly once.</summary>
public sealed partial class CustomerGrain
{
    private async Task ApplyAsync(IReadOnlyList<LoggedEvent> events)
    {
        using var span = EventPathSpans.Apply(_tenant, events.Count);
        var now = clock.Now(_tenant);
        var facts = tenantFacts.For(_tenant);
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

            var outcome = rules.Apply(State.Rules, customerEvent, facts, clock.IsEventTime ? e.OccurredAt : now);
            transitions.AddRange(outcome.Transitions);
            messages.AddRange(outcome.Messages);
            applied++;
        }

        if (applied == 0)
        {
            return;
        }

        applyMetrics.Applied(applied);
        now = NotBeforeOwnEvents(now);
        State.UpdatedAt = now;
        _eventsSinceSnapshot += applied;
        MarkDirty();
        Publish(transitions, now);
        EnqueueRow(now);
        Queue(messages);
        if (!_applyingFromLog && _eventsSinceSnapshot >= snapshotOptions.Value.EveryEvents)
        {
            await SnapshotAsync(CancellationToken.None);
        }
    }
}
