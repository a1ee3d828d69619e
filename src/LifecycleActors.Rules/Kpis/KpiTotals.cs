namespace LifecycleActors.Rules.Kpis;

/// <summary>
/// A tenant's KPI cells summed over its customers (ADR 0014), and the figures and cohorts read from them: the same
/// definitions as <see cref="KpiCalculator"/> and <see cref="CohortRetention"/> (contract §6), in time proportional
/// to the days asked for, not to the customers. Pure.
/// </summary>
public sealed class KpiTotals
{
    private static readonly string[] StageNames = Stages.All.Select(s => s.ToWireName()).ToArray();
    private readonly Dictionary<int, Series> _series = [];
    private readonly Dictionary<KpiCell, decimal> _cells = [];

    public KpiTotals(IEnumerable<KeyValuePair<KpiCell, decimal>> cells)
    {
        foreach (var group in cells.GroupBy(c => c.Key.Field))
        {
            _series[group.Key] = new Series(group.GroupBy(c => c.Key.Day).Select(d => (d.Key, d.Sum(c => c.Value))));
        }

        foreach (var (cell, value) in cells)
        {
            if (cell.Field >= (int)KpiField.CohortMonth0)
            {
                _cells[cell] = _cells.GetValueOrDefault(cell) + value;
            }
        }
    }

    /// <summary>The figures of each period from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>.</summary>
    public IReadOnlyList<KpiFigures> Figures(DateOnly from, DateOnly to, KpiInterval interval, TimeZoneInfo zone, RuleOptions rules)
    {
        var (first, retained) = interval switch
        {
            KpiInterval.Day => (KpiField.FirstOfDay, KpiField.RetainedDay),
            KpiInterval.Week => (KpiField.FirstOfWeek, KpiField.RetainedWeek),
            _ => (KpiField.FirstOfMonth, KpiField.RetainedMonth),
        };
        var figures = new List<KpiFigures>();
        foreach (var period in KpiPeriods.Between(from, to, interval, zone))
        {
            var (start, end) = (period.Label, KpiPeriods.Next(period.Label, interval));
            var previous = KpiPeriods.Previous(period, interval, zone).Label;
            var orders = (int)Sum(KpiField.Orders, start, end);
            var revenue = KpiCalculator.Normalize(Sum(KpiField.Revenue, start, end));
            var buyers = (int)Sum(first, start, end);
            var newBuyers = (int)Sum(KpiField.NewBuyers, start, end);
            var previousBuyers = Sum(first, previous, start);

            var stages = StageNames.ToDictionary(s => s, s => (int)Before(KpiCells.StageField(s), end), StringComparer.Ordinal);
            var lost = Before(KpiField.Lapsed, start) + Before(KpiField.Churned, start);
            var activeAtStart = Before(KpiField.Known, start) - lost;
            var enteredLapsed = (int)Sum(KpiField.EnteredLapsed, start, end);

            var scores = Enumerable.Range(0, 11).Select(k => (int)Sum((KpiField)((int)KpiField.NpsScore0 + k), start, end)).ToArray();
            var responses = scores.Sum();
            var promoters = scores.Skip(rules.NpsPromoterMin).Sum();
            var detractors = scores.Take(rules.NpsDetractorMax + 1).Sum();

            figures.Add(new KpiFigures(
                period.Label,
                period.Start,
                period.End,
                Orders: orders,
                Revenue: revenue,
                Buyers: buyers,
                NewBuyers: newBuyers,
                Aov: KpiCalculator.Ratio(revenue, orders, 2),
                PurchaseFrequency: KpiCalculator.Ratio(orders, buyers, 4),
                RepeatBuyerRate: buyers == 0 ? null : 1m - KpiCalculator.Ratio(newBuyers, buyers, 4),
                RetentionRate: KpiCalculator.Ratio(Sum(retained, start, end), previousBuyers, 4),
                Crr: KpiCalculator.Ratio(Before(KpiField.OrderedInYearBefore, end.AddDays(1)) - newBuyers, Before(KpiField.OrderedInYearBefore, start.AddDays(1)), 4),
                Stages: stages,
                Vip: (int)Before(KpiField.Vip, end),
                Advocate: (int)Before(KpiField.Advocate, end),
                EnteredLapsed: enteredLapsed,
                Reactivated: (int)Sum(KpiField.Reactivated, start, end),
                NewVip: (int)Sum(KpiField.NewVip, start, end),
                NewAdvocate: (int)Sum(KpiField.NewAdvocate, start, end),
                ChurnRate: KpiCalculator.Ratio(enteredLapsed, activeAtStart, 4),
                Nps: responses == 0 ? null : KpiCalculator.Ratio(100m * (promoters - detractors), responses, 1),
                NpsResponses: responses));
        }

        return figures;
    }

    /// <summary>The cohorts from the first one to <paramref name="asOf"/>'s month (<see cref="CohortRetention"/>).</summary>
    public IReadOnlyList<Cohort> Cohorts(DateTimeOffset asOf, TimeZoneInfo zone)
    {
        var lastMonth = KpiCells.MonthIndex(KpiPeriods.LocalDate(asOf, zone));
        var cohorts = new List<Cohort>();
        foreach (var (cell, size) in _cells.Where(c => c.Key.Field == (int)KpiField.CohortMonth0).OrderBy(c => c.Key.Day))
        {
            var month = KpiCells.MonthIndex(DateOnly.FromDayNumber(cell.Day));
            if (month > lastMonth || size <= 0)
            {
                continue;
            }

            var retention = Enumerable.Range(0, lastMonth - month + 1)
                .Select(n => Math.Round(_cells.GetValueOrDefault(cell with { Field = (int)KpiField.CohortMonth0 + n }) / size, 4, MidpointRounding.AwayFromZero))
                .ToList();
            cohorts.Add(new Cohort(KpiCells.FirstDayOf(month), (int)size, retention));
        }

        return cohorts;
    }

    /// <summary>The field's sum over the days in [from, to).</summary>
    private decimal Sum(KpiField field, DateOnly from, DateOnly to) => Before(field, to) - Before(field, from);

    /// <summary>The field's sum over every day before <paramref name="day"/>.</summary>
    private decimal Before(KpiField field, DateOnly day) =>
        _series.TryGetValue((int)field, out var series) ? series.Before(day.DayNumber) : 0m;

    /// <summary>One field's days in order with running sums.</summary>
    private sealed class Series
    {
        private readonly int[] _days;
        private readonly decimal[] _running;

        public Series(IEnumerable<(int Day, decimal Value)> days)
        {
            var ordered = days.OrderBy(d => d.Day).ToArray();
            _days = ordered.Select(d => d.Day).ToArray();
            _running = new decimal[ordered.Length + 1];
            for (var i = 0; i < ordered.Length; i++)
            {
                _running[i + 1] = _running[i] + ordered[i].Value;
            }
        }

        public decimal Before(int day)
        {
            var index = Array.BinarySearch(_days, day);
            return _running[index >= 0 ? index : ~index];
        }
    }
}
