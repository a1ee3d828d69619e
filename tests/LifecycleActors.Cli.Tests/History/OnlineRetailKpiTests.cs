using LifecycleActors.Cli.History;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Cli.Tests.History;

/// <summary>
/// The KPI arithmetic over the Online Retail history (../shared/data, skipped when absent): the 13 months from
/// December 2010 to December 2011, each order figure recomputed here with plain loops over the same events.
/// </summary>
public sealed class OnlineRetailKpiTests
{
    [Fact]
    public void Thirteen_months_of_order_figures_match_a_plain_recomputation()
    {
        var events = OnlineRetailHistory.Read(SharedData.RequireOnlineRetail()).Events;
        var history = ToHistory(events);

        var figures = KpiCalculator.Compute(
            history, new DateOnly(2010, 12, 1), new DateOnly(2011, 12, 31), KpiInterval.Month, TimeZoneInfo.Utc, new RuleOptions());

        Assert.Equal(13, figures.Count);
        var expected = PlainMonths(events);
        for (var m = 0; m < 13; m++)
        {
            var month = new DateOnly(2010, 12, 1).AddMonths(m);
            var plain = expected[month];
            var actual = figures[m];
            Assert.Equal(month, actual.Period);
            Assert.True(plain.Orders > 0, $"{month}: the data set has orders in every month");
            Assert.Equal(
                (plain.Orders, plain.Revenue, plain.Buyers, plain.NewBuyers, plain.Retention, plain.Crr),
                (actual.Orders, actual.Revenue, actual.Buyers, actual.NewBuyers, actual.RetentionRate, actual.Crr));
        }
    }

    private static KpiHistory ToHistory(IReadOnlyList<HistoryEvent> events)
    {
        var customers = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!customers.TryGetValue(e.CustomerId, out var first) || e.OccurredAt < first)
            {
                customers[e.CustomerId] = e.OccurredAt;
            }
        }

        return new KpiHistory(
            customers,
            events.Where(e => e.Type == HistoryEvent.OrderPlaced).Select(e => new KpiOrder(e.CustomerId, e.OrderId!, e.OccurredAt, e.Amount!.Value)).ToList(),
            events.Where(e => e.Type == HistoryEvent.OrderRefunded).Select(e => new KpiRefund(e.CustomerId, e.OrderId!, e.OccurredAt, e.Amount!.Value)).ToList(),
            [],
            []);
    }

    /// <summary>Per calendar month (UTC), the figures written out from their definitions, one loop each.</summary>
    private static Dictionary<DateOnly, PlainMonth> PlainMonths(IReadOnlyList<HistoryEvent> events)
    {
        var refunded = new Dictionary<(string, string), decimal>();
        foreach (var e in events.Where(e => e.Type == HistoryEvent.OrderRefunded))
        {
            refunded[(e.CustomerId, e.OrderId!)] = refunded.GetValueOrDefault((e.CustomerId, e.OrderId!)) + e.Amount!.Value;
        }

        var placed = new Dictionary<(string Customer, string Order), HistoryEvent>();
        foreach (var e in events.Where(e => e.Type == HistoryEvent.OrderPlaced))
        {
            if (!placed.TryGetValue((e.CustomerId, e.OrderId!), out var earlier) || e.OccurredAt < earlier.OccurredAt)
            {
                placed[(e.CustomerId, e.OrderId!)] = e;
            }
        }

        var orders = placed.Values.ToList();
        var firstOrder = orders.GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Min(o => o.OccurredAt));
        var result = new Dictionary<DateOnly, PlainMonth>();
        HashSet<string>? previousBuyers = null;
        for (var month = new DateOnly(2010, 11, 1); month <= new DateOnly(2011, 12, 1); month = month.AddMonths(1))
        {
            var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            var end = start.AddMonths(1);
            var inMonth = orders.Where(o => o.OccurredAt >= start && o.OccurredAt < end).ToList();
            var buyers = inMonth.Select(o => o.CustomerId).ToHashSet();
            var newBuyers = buyers.Count(c => firstOrder[c] >= start);
            var revenue = inMonth.Sum(o => Math.Max(0m, o.Amount!.Value - refunded.GetValueOrDefault((o.CustomerId, o.OrderId!))));
            var s = orders.Where(o => o.OccurredAt >= start.AddDays(-365) && o.OccurredAt < start).Select(o => o.CustomerId).Distinct().Count();
            var e = orders.Where(o => o.OccurredAt >= end.AddDays(-365) && o.OccurredAt < end).Select(o => o.CustomerId).Distinct().Count();
            decimal? retention = previousBuyers is null or { Count: 0 }
                ? null
                : Math.Round((decimal)previousBuyers.Count(buyers.Contains) / previousBuyers.Count, 4, MidpointRounding.AwayFromZero);
            decimal? crr = s == 0 ? null : Math.Round((decimal)(e - newBuyers) / s, 4, MidpointRounding.AwayFromZero);
            result[month] = new PlainMonth(inMonth.Count, revenue, buyers.Count, newBuyers, retention, crr);
            previousBuyers = buyers;
        }

        return result;
    }

    private sealed record PlainMonth(int Orders, decimal Revenue, int Buyers, int NewBuyers, decimal? Retention, decimal? Crr);
}
