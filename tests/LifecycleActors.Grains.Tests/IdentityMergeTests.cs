using System.Globalization;
using CsCheck;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// Identity stitching across the two grains (ADR 0013): whatever the order in which a visitor's events, the customer's
/// own events and the identify that links them are appended and delivered, repeated, or lost on the way (and repaired
/// from the log), the customer ends in the state the rules give for all of those events sent under its own id, and
/// listings and stats count the pair once.
/// </summary>
public sealed class IdentityMergeTests(GrainCluster cluster) : IClassFixture<GrainCluster>
{
    private const string Customer = "c-1";
    private const string FirstVisitor = "anon-1";
    private const string SecondVisitor = "anon-2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How many events of each id, whether the second visitor is linked, and the seed of the arrival order and deliveries.</summary>
    private sealed record Scenario(int CustomerEvents, int FirstVisitorEvents, int SecondVisitorEvents, bool SecondLinked, int Seed);

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(Gen.Int[0, 4], Gen.Int[0, 6], Gen.Int[0, 4], Gen.Bool, Gen.Int)
            .Select((c, a1, a2, linked, seed) => new Scenario(c, a1, a2, linked, seed));

    [Fact]
    public async Task Any_arrival_and_delivery_order_with_repeats_and_losses_gives_the_state_of_all_events_under_the_customers_id()
    {
        await Scenarios.SampleAsync(RunAsync, iter: 25, threads: 1, print: s => s.ToString());
    }

    private async Task RunAsync(Scenario scenario)
    {
        var tenant = $"merge-{Guid.NewGuid():N}";
        var random = new Random(scenario.Seed);
        var events = Generate(scenario, random);
        var log = cluster.Silo.GetRequiredService<IEventLog>();
        var accepted = new List<LoggedEvent>();
        var postponed = new List<IReadOnlyList<LoggedEvent>>();
        var delivered = new List<IReadOnlyList<LoggedEvent>>();

        foreach (var request in Arrivals(events, random))
        {
            var result = await log.AppendAsync(tenant, request, Ct);
            Assert.Empty(result.Refused);
            accepted.AddRange(result.Accepted);
            foreach (var delivery in result.Accepted.GroupBy(e => e.CustomerId).Select(g => (IReadOnlyList<LoggedEvent>)[.. g]))
            {
                switch (random.Next(20))
                {
                    case < 12:
                        await Deliver(tenant, delivery);
                        delivered.Add(delivery);
                        break;
                    case < 17:
                        postponed.Add(delivery);
                        break;
                    default:
                        break; // lost on the way: the recovery pass reads it from the log
                }

                if (delivered.Count > 0 && random.Next(5) == 0)
                {
                    await Deliver(tenant, delivered[random.Next(delivered.Count)]);
                }
            }
        }

        postponed.Reverse();
        foreach (var delivery in postponed)
        {
            await Deliver(tenant, delivery);
        }

        foreach (var id in accepted.Select(e => e.CustomerId).Distinct())
        {
            await cluster.Customer(tenant, id).CatchUpAsync();
        }

        var profile = await cluster.Customer(tenant, Customer).GetAsync();
        var rules = cluster.Silo.GetRequiredService<CustomerRules>();
        var now = DateTimeOffset.UtcNow;
        var expected = rules.View(Oracle(rules, scenario, events, now), TenantFacts.None, now);

        Assert.NotNull(profile);
        Assert.Equal(
            (expected.Stage.ToWireName(), expected.Orders, expected.NetSpend, expected.Spend365, expected.LastOrderAt, OracleEvents(scenario, events).Count),
            (profile.Stage, profile.Orders, profile.NetSpend, profile.Spend365, profile.LastOrderAt, profile.EventsApplied));
        Assert.InRange(profile.EngagementScore, expected.EngagementScore - 1, expected.EngagementScore + 1);

        await cluster.Silo.GetRequiredService<IReadModelWriter>().FlushAsync(Ct);
        var readModel = cluster.Silo.GetRequiredService<IReadModel>();
        var listed = await readModel.ListAsync(tenant, new CustomerFilter(null, null, null), null, 10, Ct);
        var stats = await readModel.StatsAsync(tenant, Ct);
        var separate = accepted.Any(e => e.CustomerId == SecondVisitor) && !scenario.SecondLinked;
        Assert.Equal(separate ? 2 : 1, stats.Customers);
        Assert.Equal(separate ? 2 : 1, listed.Count);
        Assert.DoesNotContain(listed, view => view.Contains($"\"{FirstVisitor}\"", StringComparison.Ordinal));
        Assert.Equal(accepted.Count, stats.EventsApplied);
    }

    private Task Deliver(string tenant, IReadOnlyList<LoggedEvent> delivery) =>
        cluster.Customer(tenant, delivery[0].CustomerId).DeliverAsync(delivery);

    /// <summary>The scenario's events, each once, with the identifies that link the visitors (the first visitor twice: a browser identifies again).</summary>
    private static List<(NewEvent Row, CustomerEvent Event)> Generate(Scenario scenario, Random random)
    {
        var day0 = DateTimeOffset.UtcNow.AddDays(-40);
        var events = new List<(NewEvent, CustomerEvent)>();
        var n = 0;
        void Add(string customer, bool anonymous)
        {
            var id = $"e-{n++}";
            var at = day0.AddDays(random.Next(35)).AddMinutes(random.Next(1440));
            var kind = random.Next(anonymous ? 4 : 3);

            // A visitor's order may come again under the customer's id (the shop's webhook): the order counts once.
            var orderId = $"o-{random.Next(3)}";
            var amount = 10m + random.Next(90);
            events.Add(kind switch
            {
                0 => (Row(id, customer, "visit", at, anonymous), CustomerEvent.Simple(id, Customer, EventType.Visit, at)),
                1 => (Row(id, customer, "order_placed", at, anonymous) with { OrderId = orderId, Amount = amount },
                      CustomerEvent.Order(id, Customer, at, orderId, amount)),
                2 => (Row(id, customer, "checkout_started", at, anonymous), CustomerEvent.Simple(id, Customer, EventType.CheckoutStarted, at)),
                _ => (Row(id, customer, "cart_updated", at, anonymous), CustomerEvent.Simple(id, Customer, EventType.CartUpdated, at)),
            });
        }

        for (var i = 0; i < scenario.CustomerEvents; i++)
        {
            Add(Customer, anonymous: false);
        }

        for (var i = 0; i < scenario.FirstVisitorEvents; i++)
        {
            Add(FirstVisitor, anonymous: true);
        }

        for (var i = 0; i < scenario.SecondVisitorEvents; i++)
        {
            Add(SecondVisitor, anonymous: true);
        }

        var signIn = day0.AddDays(36);
        events.Add(Identify("link-1", FirstVisitor, signIn));
        events.Add(Identify("link-1-again", FirstVisitor, signIn));
        if (scenario.SecondLinked)
        {
            events.Add(Identify("link-2", SecondVisitor, signIn));
        }

        return events;
    }

    /// <summary>Every event in a random order, about a fifth of them sent twice, in requests of one to four.</summary>
    private static IEnumerable<IReadOnlyList<NewEvent>> Arrivals(List<(NewEvent Row, CustomerEvent Event)> events, Random random)
    {
        var sent = events.Select(e => e.Row).ToList();
        sent.AddRange(events.Where(_ => random.Next(5) == 0).Select(e => e.Row));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sent));
        for (var i = 0; i < sent.Count;)
        {
            var size = Math.Min(random.Next(1, 5), sent.Count - i);
            yield return sent.GetRange(i, size);
            i += size;
        }
    }

    /// <summary>
    /// The events that are the customer's: its own, those of the visitors linked to it, and one identify per link (the
    /// same link again is a duplicate).
    /// </summary>
    private static List<CustomerEvent> OracleEvents(Scenario scenario, List<(NewEvent Row, CustomerEvent Event)> events) =>
        [.. events
            .Where(e => e.Row.CustomerId == Customer
                || e.Row.CustomerId == FirstVisitor
                || (e.Row.CustomerId == SecondVisitor && scenario.SecondLinked))
            .Where(e => e.Row.EventId != "link-1-again")
            .Select(e => e.Event)];

    /// <summary>The offline oracle: the customer's state from all its events under its own id, applied at once.</summary>
    private static CustomerState Oracle(CustomerRules rules, Scenario scenario, List<(NewEvent Row, CustomerEvent Event)> events, DateTimeOffset now)
    {
        var state = new CustomerState();
        foreach (var e in OracleEvents(scenario, events))
        {
            rules.Apply(state, e, TenantFacts.None, now);
        }

        return state;
    }

    private static NewEvent Row(string id, string customer, string type, DateTimeOffset at, bool anonymous) =>
        new(id, customer, type, at, null, null, null, null, "{}", Anonymous: anonymous);

    private static (NewEvent, CustomerEvent) Identify(string id, string visitor, DateTimeOffset at) =>
        (new NewEvent(id, visitor, "identify", at, null, null, null, null, string.Create(CultureInfo.InvariantCulture, $"{{\"customerId\":\"{Customer}\"}}"), Anonymous: true, LinkTo: Customer),
         CustomerEvent.Identify(id, Customer, at, Customer));
}
