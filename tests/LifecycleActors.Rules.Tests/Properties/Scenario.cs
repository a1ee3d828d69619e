using FsCheck;
using FsCheck.Fluent;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Tests.Properties;

/// <summary>A generated history of one customer: its events, the referred customers who ordered, and facts.</summary>
public sealed record Scenario(CustomerEvent[] Events, string[] Conversions, TenantFacts Facts, DateTimeOffset Now, int Seed)
{
    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Histories span at most 350 days, inside the order detail window, so every rule is exact.</summary>
    private const int SpanMinutes = 350 * 24 * 60;

    public static Arbitrary<Scenario> Arbitrary() => Arb.From(Generator());

    public override string ToString() =>
        $"facts {Facts}, now {Now:O}, seed {Seed}, conversions [{string.Join(",", Conversions)}]{Environment.NewLine}" +
        string.Join(Environment.NewLine, Events.Select(e => $"  {e}"));

    private static Gen<Scenario> Generator() =>
        from count in Gen.Choose(0, 25)
        from bodies in Gen.ListOf(EventBody(), count)
        from conversions in Gen.SubListOf(["r-1", "r-2", "r-3", "r-4"])
        from threshold in Gen.Elements<decimal?>(null, 100m, 400m, 900m)
        from populationGap in Gen.Elements<double?>(null, 8.0, 40.0)
        from laterDays in Gen.Frequency((3, Gen.Choose(0, 3)), (3, Gen.Choose(0, 500)))
        from laterMinutes in Gen.Choose(0, 24 * 60)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        let events = bodies.Select((body, i) => body($"e-{i:D3}")).ToArray()
        let newest = events.Length == 0 ? Start : events.Max(e => e.OccurredAt)
        select new Scenario(
            events,
            conversions.ToArray(),
            new TenantFacts(threshold, populationGap),
            newest + TimeSpan.FromDays(laterDays) + TimeSpan.FromMinutes(laterMinutes),
            seed);

    private static Gen<Func<string, CustomerEvent>> EventBody() =>
        from minute in Gen.Choose(0, SpanMinutes)
        let at = Start + TimeSpan.FromMinutes(minute)
        from body in Gen.Frequency(
            (6, from orderId in OrderIds()
                from amount in Gen.Choose(0, 1000)
                select (Func<string, CustomerEvent>)(id => CustomerEvent.Order(id, "c-1", at, orderId, amount / 2m))),
            (2, from orderId in OrderIds()
                from amount in Gen.Choose(1, 600)
                select (Func<string, CustomerEvent>)(id => CustomerEvent.Refund(id, "c-1", at, orderId, amount / 2m))),
            (2, from rating in Gen.Choose(1, 5) select (Func<string, CustomerEvent>)(id => CustomerEvent.Review(id, "c-1", at, rating))),
            (2, from score in Gen.Choose(0, 10) select (Func<string, CustomerEvent>)(id => CustomerEvent.Nps(id, "c-1", at, score))),
            (2, from referred in Gen.Elements("r-1", "r-2", "r-3", "r-4")
                select (Func<string, CustomerEvent>)(id => CustomerEvent.Referral(id, "c-1", at, referred))),
            (3, from type in Gen.Elements(EventType.Visit, EventType.SocialShare, EventType.EmailClicked, EventType.Signup, EventType.Unsubscribed)
                select (Func<string, CustomerEvent>)(id => CustomerEvent.Simple(id, "c-1", type, at))))
        select body;

    private static Gen<string> OrderIds() => Gen.Elements("o-1", "o-2", "o-3", "o-4", "o-5", "o-6", "o-7", "o-8");

    /// <summary>
    /// Applies the events and conversions in the given arrival order, the service clock following the newest
    /// event seen so far (late events arrive after later ones), then advances to <see cref="Now"/>.
    /// </summary>
    internal Replay Run(CustomerRules rules, IEnumerable<object> arrivals)
    {
        var state = new CustomerState();
        var transitions = new List<Transition>();
        var clock = Start;
        foreach (var arrival in arrivals)
        {
            RuleOutcome outcome;
            if (arrival is CustomerEvent e)
            {
                clock = e.OccurredAt > clock ? e.OccurredAt : clock;
                outcome = rules.Apply(state, e, Facts, clock);
            }
            else
            {
                outcome = rules.ApplyReferralConverted(state, (string)arrival, Facts, clock);
            }

            transitions.AddRange(outcome.Transitions);
        }

        transitions.AddRange(rules.Advance(state, Facts, Now).Transitions);
        return new Replay(state, transitions);
    }

    /// <summary>Events and conversions in a random arrival order derived from <see cref="Seed"/>.</summary>
    internal object[] Shuffled(int salt = 0)
    {
        var arrivals = Events.Cast<object>().Concat(Conversions).ToArray();
        new Random(Seed + salt).Shuffle(arrivals);
        return arrivals;
    }
}

public sealed record Replay(CustomerState State, List<Transition> Transitions);
