using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Rules.Tests.Kpis;

/// <summary>
/// The stage mix and flag counts at each period's end, computed in one sweep, equal the definition applied customer
/// by customer at each instant (contract §6: known from the first event, the latest transition before the instant by
/// (at, sequence)), on random histories with transitions before, at and after customers' first events.
/// </summary>
public sealed class StageMixSweepTests
{
    private static readonly string[] StageNames = ["prospect", "one_time", "repeat", "at_risk", "lapsed", "churned"];
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_sweep_equals_the_definition_at_every_period_end(int seed)
    {
        var history = RandomHistory(new Random(seed), customers: 60);

        var figures = KpiCalculator.Compute(history, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), KpiInterval.Week, TimeZoneInfo.Utc, new RuleOptions());

        Assert.Equal(14, figures.Count);
        foreach (var period in figures)
        {
            var (stages, vip, advocate) = ByDefinition(history, period.End);
            Assert.Equal(stages, StageNames.Select(s => period.Stages.GetValueOrDefault(s)).ToArray());
            Assert.Equal((vip, advocate), (period.Vip, period.Advocate));
        }
    }

    private static (int[] Stages, int Vip, int Advocate) ByDefinition(KpiHistory history, DateTimeOffset instant)
    {
        var stages = new int[StageNames.Length];
        int vip = 0, advocate = 0;
        foreach (var (customer, firstSeen) in history.Customers)
        {
            if (firstSeen >= instant)
            {
                continue;
            }

            string? Latest(string kind) => history.Transitions
                .Where(t => t.CustomerId == customer && t.Kind == kind && t.At < instant)
                .OrderBy(t => t.At).ThenBy(t => t.Sequence)
                .LastOrDefault()?.To;
            stages[Array.IndexOf(StageNames, Latest("stage") ?? "prospect")]++;
            vip += Latest("vip") == "true" ? 1 : 0;
            advocate += Latest("advocate") == "true" ? 1 : 0;
        }

        return (stages, vip, advocate);
    }

    private static KpiHistory RandomHistory(Random random, int customers)
    {
        var known = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var transitions = new List<KpiTransition>();
        for (var c = 0; c < customers; c++)
        {
            var id = $"c-{c}";
            // Whole days, so transitions often fall exactly on a first event or a period boundary.
            var firstSeen = Start.AddDays(random.Next(-10, 90));
            known[id] = firstSeen;
            var sequence = 0L;
            for (var n = random.Next(0, 8); n > 0; n--)
            {
                var at = firstSeen.AddDays(random.Next(-3, 60));
                var kind = random.Next(4) switch { 0 => "vip", 1 => "advocate", _ => "stage" };
                var to = kind == "stage" ? StageNames[random.Next(StageNames.Length)] : random.Next(2) == 0 ? "true" : "false";
                transitions.Add(new KpiTransition(id, kind, "?", to, at, ++sequence));
            }
        }

        return new KpiHistory(known, [], [], transitions, []);
    }
}
