using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LifecycleActors.Rules.Evaluation;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Tests.Properties;

[Properties(Arbitrary = [typeof(Scenario)], MaxTest = 1000)]
public sealed class RuleProperties
{
    private static readonly CustomerRules Rules = new(new RuleOptions());

    [Property]
    public bool The_final_state_does_not_depend_on_arrival_order(Scenario scenario)
    {
        var first = scenario.Run(Rules, scenario.Shuffled());
        var second = scenario.Run(Rules, scenario.Shuffled(salt: 1));

        return Comparable(first, scenario) == Comparable(second, scenario)
            && Close(RawEngagement(first, scenario), RawEngagement(second, scenario));
    }

    [Property]
    public bool Duplicate_orders_under_new_event_ids_never_change_it(Scenario scenario)
    {
        var copies = scenario.Events
            .Where(e => e.Type == EventType.OrderPlaced)
            .SelectMany((e, i) => new[]
            {
                e with { Id = $"z-copy-{i}" },
                e with { Id = $"z-later-{i}", OccurredAt = e.OccurredAt.AddMinutes(5), Amount = e.Amount + 1 },
                e with { Id = $"a-copy-{i}" },
            });
        var withCopies = scenario with { Events = [.. scenario.Events, .. copies] };

        var original = scenario.Run(Rules, scenario.Shuffled());
        var duplicated = withCopies.Run(Rules, withCopies.Shuffled());

        return Comparable(original, scenario) == Comparable(duplicated, scenario)
            && Close(RawEngagement(original, scenario), RawEngagement(duplicated, scenario));
    }

    [Property]
    public bool The_state_equals_a_brute_force_recomputation_from_all_events(Scenario scenario)
    {
        var replay = scenario.Run(Rules, scenario.Shuffled());
        var view = Rules.View(replay.State, scenario.Facts, scenario.Now);
        var expected = Oracle.At(scenario.Events, scenario.Conversions, scenario.Facts, Rules.Options, scenario.Now);

        return view.Stage == expected.Stage
            && replay.State.Stage == expected.Stage
            && view.Vip == expected.Vip
            && replay.State.Vip == expected.Vip
            && view.Advocate == expected.Advocate
            && replay.State.Advocate == expected.Advocate
            && view.Orders == expected.Orders
            && view.NetSpend == expected.NetSpend
            && view.Spend365 == expected.Spend365
            && view.PurchaseDays == expected.PurchaseDays
            && Math.Abs(view.ExpectedGapDays - expected.ExpectedGapDays) < 1e-9
            && view.Advocacy.Points == expected.AdvocacyPoints
            && view.Unsubscribed == expected.Unsubscribed
            && Close(RawEngagement(replay, scenario), expected.EngagementRaw);
    }

    [Property]
    public bool Transitions_are_numbered_one_by_one_and_chain_from_and_to(Scenario scenario)
    {
        var transitions = scenario.Run(Rules, scenario.Shuffled()).Transitions;

        var numbered = transitions.Select((t, i) => t.Sequence == i + 1).All(ok => ok);
        var chained = Enum.GetValues<TransitionKind>().All(kind =>
        {
            var ofKind = transitions.Where(t => t.Kind == kind).ToList();
            var start = kind == TransitionKind.Stage ? "prospect" : "false";
            return ofKind.Select(t => t.From).SequenceEqual(ofKind.Select(t => t.To).Prepend(start).Take(ofKind.Count))
                && ofKind.All(t => t.From != t.To);
        });
        return numbered && chained;
    }

    [Property(MaxTest = 500)]
    public bool The_next_change_is_in_the_future_and_is_a_change_and_nothing_changes_before_it(Scenario scenario)
    {
        var replay = scenario.Run(Rules, scenario.Shuffled());
        var state = replay.State;
        var now = scenario.Now;
        for (var step = 0; step < 6 && state.NextChangeAt is { } due; step++)
        {
            if (due <= now || Rules.NextChange(state, scenario.Facts, now) != due)
            {
                return false;
            }

            if (Rules.Advance(state, scenario.Facts, due.AddTicks(-1)).Changed || !Rules.Advance(state, scenario.Facts, due).Changed)
            {
                return false;
            }

            var expected = Oracle.At(scenario.Events, scenario.Conversions, scenario.Facts, Rules.Options, due);
            if ((state.Stage, state.Vip, state.Advocate) != (expected.Stage, expected.Vip, expected.Advocate))
            {
                return false;
            }

            now = due;
        }

        return state.NextChangeAt is null || state.NextChangeAt > now;
    }

    [Property]
    public Property The_state_stays_bounded_however_many_engagement_events_arrive(PositiveInt visits)
    {
        var customer = new CustomerDriver().Order(0, 10m);
        for (var i = 0; i < visits.Get % 5000; i++)
        {
            customer.Simple(i * 0.01, EventType.Visit);
        }

        var state = customer.State;
        return (state.Orders.Count == 1 && state.PurchaseDays.Count == 1 && state.GoodReviews.Count == 0).ToProperty();
    }

    private static (Stage, bool, bool, int, decimal, decimal, int, double, int, bool, Stage, bool, bool) Comparable(Replay replay, Scenario scenario)
    {
        var v = Rules.View(replay.State, scenario.Facts, scenario.Now);
        return (v.Stage, v.Vip, v.Advocate, v.Orders, v.NetSpend, v.Spend365, v.PurchaseDays, v.ExpectedGapDays, v.Advocacy.Points,
            v.Unsubscribed, replay.State.Stage, replay.State.Vip, replay.State.Advocate);
    }

    private static double RawEngagement(Replay replay, Scenario scenario) => Engagement.RawAt(replay.State, scenario.Now, Rules.Options);

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
