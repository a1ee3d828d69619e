using System.Text.Json;
using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Rules.Tests.Kpis;

/// <summary>
/// The figures read from summed per-customer cells (what the KPI store keeps, ADR 0014) equal the figures computed
/// from the whole history (<see cref="KpiCalculator"/>, <see cref="CohortRetention"/>) on random histories in a time
/// zone with daylight saving: repeated order ids, refunds before and after their order and of unknown orders,
/// transitions before and after first events, NPS answers, orders on both sides of midnights and of the 365-day window.
/// </summary>
public sealed class KpiTotalsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly string[] StageNames = ["prospect", "one_time", "repeat", "at_risk", "lapsed", "churned"];
    private static readonly DateTimeOffset Origin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, KpiInterval.Month)]
    [InlineData(2, KpiInterval.Week)]
    [InlineData(3, KpiInterval.Day)]
    [InlineData(4, KpiInterval.Month)]
    [InlineData(5, KpiInterval.Week)]
    public void Figures_from_summed_customer_cells_equal_the_figures_of_the_whole_history(int seed, KpiInterval interval)
    {
        var history = RandomHistory(new Random(seed), customers: 120);
        var rules = new RuleOptions();
        var (from, to) = interval == KpiInterval.Day
            ? (new DateOnly(2025, 3, 20), new DateOnly(2025, 4, 10))
            : (new DateOnly(2024, 10, 1), new DateOnly(2025, 12, 31));

        var expected = KpiCalculator.Compute(history, from, to, interval, Berlin, rules);
        var actual = SumOverCustomers(history).Figures(from, to, interval, Berlin, rules);

        Assert.Equal(expected.Select(Json), actual.Select(Json));
        Assert.Contains(expected, f => f.Orders > 0 && f.Crr is not null);
        Assert.Contains(expected, f => f.RetentionRate is not null);
        Assert.Contains(expected, f => f.NpsResponses > 0 || f.EnteredLapsed > 0);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Cohorts_from_summed_customer_cells_equal_the_cohorts_of_the_whole_history(int seed)
    {
        var history = RandomHistory(new Random(seed), customers: 120);
        var asOf = new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

        var expected = CohortRetention.Compute(history.Orders, asOf, Berlin);
        var actual = SumOverCustomers(history).Cohorts(asOf, Berlin);

        Assert.Equal(expected.Select(Json), actual.Select(Json));
        Assert.True(expected.Count > 6);
    }

    [Fact]
    public void The_cells_of_a_whole_history_are_the_sum_of_its_customers_cells()
    {
        var history = RandomHistory(new Random(8), customers: 60);

        var whole = KpiCells.Of(history, Berlin);
        var summed = Sum(Customers(history).Select(c => KpiCells.Of(c, Berlin)));

        Assert.Equal(whole.OrderBy(c => c.Key.Day).ThenBy(c => c.Key.Field), summed.OrderBy(c => c.Key.Day).ThenBy(c => c.Key.Field));
    }

    [Fact]
    public void A_refund_arriving_later_changes_only_its_orders_day_and_a_late_first_order_moves_the_new_buyer()
    {
        var before = new KpiHistoryBuilder()
            .Order("a", "o2", "2025-02-10T10:00:00Z", 50m)
            .Build();
        var after = new KpiHistoryBuilder()
            .Order("a", "o2", "2025-02-10T10:00:00Z", 50m)
            .Order("a", "o1", "2025-01-20T10:00:00Z", 30m)
            .Refund("a", "o2", "2025-03-05T10:00:00Z", 20m)
            .Build();

        var figures = new KpiTotals(KpiCells.Of(after, Berlin)).Figures(new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), KpiInterval.Month, Berlin, new RuleOptions());
        var old = new KpiTotals(KpiCells.Of(before, Berlin)).Figures(new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31), KpiInterval.Month, Berlin, new RuleOptions());

        Assert.Equal((0, 1, 50m), (old[0].NewBuyers, old[1].NewBuyers, old[1].Revenue));
        Assert.Equal((1, 0, 30m, 30m, 0m), (figures[0].NewBuyers, figures[1].NewBuyers, figures[1].Revenue, figures[0].Revenue, figures[2].Revenue));
        Assert.Equal(1m, figures[1].RetentionRate);
    }

    private static KpiTotals SumOverCustomers(KpiHistory history) =>
        new(Sum(Customers(history).Select(c => KpiCells.Of(c, Berlin))));

    private static Dictionary<KpiCell, decimal> Sum(IEnumerable<Dictionary<KpiCell, decimal>> parts)
    {
        var sum = new Dictionary<KpiCell, decimal>();
        foreach (var (cell, value) in parts.SelectMany(p => p))
        {
            sum[cell] = sum.GetValueOrDefault(cell) + value;
        }

        return sum.Where(c => c.Value != 0).ToDictionary();
    }

    /// <summary>The history split into one history per customer, as the store computes them.</summary>
    private static IEnumerable<KpiHistory> Customers(KpiHistory history) =>
        history.Customers.Keys
            .Concat(history.Orders.Select(o => o.CustomerId))
            .Concat(history.Transitions.Select(t => t.CustomerId))
            .Distinct()
            .Select(id => new KpiHistory(
                history.Customers.Where(c => c.Key == id).ToDictionary(),
                history.Orders.Where(o => o.CustomerId == id).ToList(),
                history.Refunds.Where(r => r.CustomerId == id).ToList(),
                history.Transitions.Where(t => t.CustomerId == id).ToList(),
                history.NpsResponses.Where(n => n.CustomerId == id).ToList()));

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    private static KpiHistory RandomHistory(Random random, int customers)
    {
        var known = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var orders = new List<KpiOrder>();
        var refunds = new List<KpiRefund>();
        var transitions = new List<KpiTransition>();
        var answers = new List<KpiNpsResponse>();
        // Times on whole hours near midnight, so events fall on both sides of local midnights and of DST changes.
        DateTimeOffset RandomTime(DateTimeOffset around, int days) =>
            around.AddDays(random.Next(0, days)).AddHours(random.Next(-3, 4));

        for (var c = 0; c < customers; c++)
        {
            var id = $"c-{c}";
            var firstSeen = RandomTime(Origin, 700);
            known[id] = firstSeen;
            var placed = firstSeen;
            for (var n = random.Next(0, 7); n > 0; n--)
            {
                // Gaps from hours to over a year, so the 365-day window and the previous period are both exercised.
                placed = placed.AddHours(random.Next(1, 24 * (random.Next(3) == 0 ? 400 : 60)));
                var orderId = $"o-{random.Next(5)}";
                orders.Add(new KpiOrder(id, orderId, placed, random.Next(1, 20000) / 100m));
                if (random.Next(4) == 0)
                {
                    refunds.Add(new KpiRefund(id, orderId, RandomTime(placed, 90), random.Next(1, 10000) / 100m));
                }
            }

            if (random.Next(10) == 0)
            {
                refunds.Add(new KpiRefund(id, "never-placed", RandomTime(firstSeen, 30), 10m));
            }

            var sequence = 0L;
            for (var n = random.Next(0, 8); n > 0; n--)
            {
                var kind = random.Next(4) switch { 0 => "vip", 1 => "advocate", _ => "stage" };
                var from = kind == "stage" ? StageNames[random.Next(StageNames.Length)] : random.Next(2) == 0 ? "true" : "false";
                var to = kind == "stage" ? StageNames[random.Next(StageNames.Length)] : random.Next(2) == 0 ? "true" : "false";
                transitions.Add(new KpiTransition(id, kind, from, to, RandomTime(firstSeen.AddDays(-5), 400), ++sequence));
            }

            for (var n = random.Next(0, 3); n > 0; n--)
            {
                answers.Add(new KpiNpsResponse(id, RandomTime(firstSeen, 500), random.Next(0, 11)));
            }
        }

        return new KpiHistory(known, orders, refunds, transitions, answers);
    }
}
