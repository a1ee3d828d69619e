namespace LifecycleActors.Rules.Kpis;

/// <summary>
/// One cohort: the customers whose first order falls in <see cref="Month"/> (tenant time zone). <see cref="Retention"/>[n]
/// is the share of them with an order in the n-th month after it (n = 0 is the cohort month itself, always 1).
/// </summary>
public sealed record Cohort(DateOnly Month, int Customers, IReadOnlyList<decimal> Retention);

/// <summary>The cohort retention triangle (contract §6, cohorts): pure, zone and the current month passed in.</summary>
public static class CohortRetention
{
    /// <summary>The cohorts from the month of the first order to <paramref name="asOf"/>'s month, with that month's orders.</summary>
    public static IReadOnlyList<Cohort> Compute(IEnumerable<KpiOrder> orders, DateTimeOffset asOf, TimeZoneInfo zone)
    {
        var lastMonth = KpiCells.MonthIndex(KpiPeriods.LocalDate(asOf, zone));
        var monthsByCustomer = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        var canonical = orders
            .GroupBy(o => (o.CustomerId, o.OrderId))
            .Select(g => g.MinBy(o => o.PlacedAt)!)
            .Where(o => KpiCells.MonthIndex(KpiPeriods.LocalDate(o.PlacedAt, zone)) <= lastMonth);
        foreach (var order in canonical)
        {
            if (!monthsByCustomer.TryGetValue(order.CustomerId, out var months))
            {
                months = [];
                monthsByCustomer[order.CustomerId] = months;
            }

            months.Add(KpiCells.MonthIndex(KpiPeriods.LocalDate(order.PlacedAt, zone)));
        }

        var cohorts = new List<Cohort>();
        foreach (var group in monthsByCustomer.Values.GroupBy(m => m.Min).OrderBy(g => g.Key))
        {
            var size = group.Count();
            var retention = new List<decimal>();
            for (var month = group.Key; month <= lastMonth; month++)
            {
                var active = group.Count(m => m.Contains(month));
                retention.Add(Math.Round((decimal)active / size, 4, MidpointRounding.AwayFromZero));
            }

            cohorts.Add(new Cohort(KpiCells.FirstDayOf(group.Key), size, retention));
        }

        return cohorts;
    }
}
