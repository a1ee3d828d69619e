namespace LifecycleActors.Rules.Kpis;

/// <summary>
/// The arithmetic of the KPIs over time (contract §6, KPIs): pure, time and zone passed in. Every figure is read
/// from the history as known now, so a refund known now lowers the revenue of its order's period and a late event
/// changes the periods it falls in.
/// </summary>
public static class KpiCalculator
{
    /// <summary>The figures of each period from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>.</summary>
    public static IReadOnlyList<KpiFigures> Compute(
        KpiHistory history, DateOnly from, DateOnly to, KpiInterval interval, TimeZoneInfo zone, RuleOptions rules)
    {
        var orders = new OrderIndex(history.Orders, history.Refunds);
        var timelines = new TransitionTimelines(history);
        var nps = history.NpsResponses.OrderBy(r => r.At).ToArray();
        var npsTimes = nps.Select(r => r.At).ToArray();

        var periods = KpiPeriods.Between(from, to, interval, zone);
        var figures = new List<KpiFigures>(periods.Count);
        var previousBuyers = orders.BuyersIn(KpiPeriods.Previous(periods[0], interval, zone));
        var states = timelines.StatesAt(periods.Select(p => p.Start).Append(periods[^1].End));
        foreach (var period in periods)
        {
            var inPeriod = orders.In(period.Start, period.End);
            var buyers = inPeriod.Select(o => o.CustomerId).ToHashSet(StringComparer.Ordinal);
            var newBuyers = buyers.Count(c => orders.FirstOrderAt(c) >= period.Start);
            var revenue = Normalize(inPeriod.Sum(o => o.NetAmount));

            var before = orders.BuyersBetween(YearBefore(period.Label, zone), period.Start);
            var beforeEnd = orders.BuyersBetween(YearBefore(KpiPeriods.Next(period.Label, interval), zone), period.End);

            var atEnd = states[period.End];
            var atStart = states[period.Start];
            var lapsedOrChurnedAtStart = atStart.Stages.GetValueOrDefault("lapsed") + atStart.Stages.GetValueOrDefault("churned");
            var activeAtStart = atStart.Customers - lapsedOrChurnedAtStart;
            var changes = timelines.ChangesIn(period.Start, period.End);

            var responses = Slice(nps, npsTimes, period.Start, period.End);
            var promoters = responses.Count(r => r.Score >= rules.NpsPromoterMin);
            var detractors = responses.Count(r => r.Score <= rules.NpsDetractorMax);

            figures.Add(new KpiFigures(
                period.Label,
                period.Start,
                period.End,
                Orders: inPeriod.Length,
                Revenue: revenue,
                Buyers: buyers.Count,
                NewBuyers: newBuyers,
                Aov: Ratio(revenue, inPeriod.Length, 2),
                PurchaseFrequency: Ratio(inPeriod.Length, buyers.Count, 4),
                RepeatBuyerRate: buyers.Count == 0 ? null : 1m - Ratio(newBuyers, buyers.Count, 4),
                RetentionRate: Ratio(previousBuyers.Count(buyers.Contains), previousBuyers.Count, 4),
                Crr: Ratio(beforeEnd.Count - newBuyers, before.Count, 4),
                Stages: atEnd.Stages,
                Vip: atEnd.Vip,
                Advocate: atEnd.Advocate,
                EnteredLapsed: changes.EnteredLapsed,
                Reactivated: changes.Reactivated,
                NewVip: changes.NewVip,
                NewAdvocate: changes.NewAdvocate,
                ChurnRate: Ratio(changes.EnteredLapsed, activeAtStart, 4),
                Nps: responses.Length == 0 ? null : Ratio(100m * (promoters - detractors), responses.Length, 1),
                NpsResponses: responses.Length));
            previousBuyers = buyers;
        }

        return figures;
    }

    /// <summary>The amount without trailing zeros, so equal sums read the same however they were added up.</summary>
    internal static decimal Normalize(decimal amount) => amount / 1.000000000000000000000000000000000m;

    internal static decimal? Ratio(decimal numerator, decimal denominator, int decimals) =>
        denominator == 0 ? null : Math.Round(numerator / denominator, decimals, MidpointRounding.AwayFromZero);

    /// <summary>The start of the 365 local days before the midnight that begins <paramref name="day"/>.</summary>
    private static DateTimeOffset YearBefore(DateOnly day, TimeZoneInfo zone) => KpiPeriods.LocalMidnight(day.AddDays(-KpiCells.YearDays), zone);

    internal static T[] Slice<T>(T[] sorted, DateTimeOffset[] times, DateTimeOffset start, DateTimeOffset end)
    {
        var first = LowerBound(times, start);
        var last = LowerBound(times, end);
        return sorted[first..last];
    }

    /// <summary>The first index whose time is not before <paramref name="instant"/>.</summary>
    internal static int LowerBound(DateTimeOffset[] times, DateTimeOffset instant)
    {
        int low = 0, high = times.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] < instant)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
