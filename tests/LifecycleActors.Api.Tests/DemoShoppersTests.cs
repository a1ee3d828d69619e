using LifecycleActors.Ingestion;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Traffic;

namespace LifecycleActors.Api.Tests;

/// <summary>The demo's generated shop: valid events, each customer's in time order, and the lifecycle a demo needs.</summary>
public sealed class DemoShoppersTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_event_is_valid_and_each_customers_events_move_forward_in_time()
    {
        var events = new DemoShoppers(7, 200, Start, 300, "t").Until(Start.AddDays(400)).ToList();

        var parsed = EventBatchParser.Parse(EventJson.WriteBatch(events.Take(1000)), Start.AddDays(500));
        Assert.Empty(parsed.Rejected);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        foreach (var customer in events.GroupBy(e => e.CustomerId))
        {
            var times = customer.Select(e => e.OccurredAt).ToList();
            Assert.Equal(times.Order(), times);
        }
    }

    [Fact]
    public void The_shop_grows_buys_refers_and_loses_customers_on_schedule()
    {
        var until = Start.AddDays(400);
        var events = new DemoShoppers(11, 200, Start, 300, "t").Until(until).ToList();

        var customers = events.Select(e => e.CustomerId).Distinct().Count();
        var firstSeen = events.GroupBy(e => e.CustomerId).Select(g => g.Min(e => e.OccurredAt)).ToList();
        var lastOrder = events.Where(e => e.Type == EventType.OrderPlaced).GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.Max(e => e.OccurredAt));
        Assert.Equal(200, customers);
        Assert.Contains(firstSeen, t => t > Start.AddDays(200));
        Assert.Contains(events, e => e.Type == EventType.ReferralMade);
        Assert.Contains(events, e => e.Type == EventType.OrderRefunded);
        Assert.True(lastOrder.Values.Count(t => t < until.AddDays(-120)) >= 20, "customers who stopped buying lapse");
        Assert.True(lastOrder.Values.Count(t => t > until.AddDays(-30)) >= 20, "others keep buying");

        // Run through the rules: the stages a demo should show all occur.
        var rules = new CustomerRules(new RuleOptions());
        var facts = new TenantFacts(0, null);
        var stages = events.GroupBy(e => e.CustomerId).Select(customer =>
        {
            var state = new CustomerState();
            foreach (var e in customer)
            {
                rules.Apply(state, e, facts, e.OccurredAt);
            }

            rules.Advance(state, facts, until);
            return rules.View(state, facts, until).Stage;
        }).ToHashSet();
        Assert.Superset(new HashSet<Stage> { Stage.Prospect, Stage.Repeat, Stage.Lapsed }, stages);
    }
}
