namespace LifecycleActors.Rules.Kpis;

/// <summary>
/// A history's KPI cells (ADR 0014): what its orders, transitions and NPS answers add on each local day of the
/// tenant's time zone. Cells of disjoint sets of customers add up, so the store keeps one customer's cells beside
/// the tenant's sums and replaces them when that customer's history changes. Pure.
/// </summary>
public static class KpiCells
{
    /// <summary>Days in the window of the customer retention rate (contract §6: the 365 local days before a midnight).</summary>
    public const int YearDays = 365;

    public static Dictionary<KpiCell, decimal> Of(KpiHistory history, TimeZoneInfo zone)
    {
        var cells = new Dictionary<KpiCell, decimal>();
        void AddCell(int day, int field, decimal value)
        {
            var cell = new KpiCell(day, field);
            var sum = cells.GetValueOrDefault(cell) + value;
            if (sum == 0)
            {
                cells.Remove(cell);
            }
            else
            {
                cells[cell] = sum;
            }
        }

        void Add(DateOnly day, KpiField field, decimal value) => AddCell(day.DayNumber, (int)field, value);

        foreach (var customerOrders in NetOrders(history.Orders, history.Refunds).GroupBy(o => o.CustomerId, StringComparer.Ordinal))
        {
            AddOrders(customerOrders.OrderBy(o => o.PlacedAt).ToArray(), zone, Add, AddCell);
        }

        var timelines = new TransitionTimelines(history);
        foreach (var change in timelines.Changes())
        {
            var day = KpiPeriods.LocalDate(change.At, zone);
            Add(day, KpiField.Known, change.Known);
            if (change.LeftStage is { } left)
            {
                Add(day, StageField(left), -1);
            }

            if (change.EnteredStage is { } entered)
            {
                Add(day, StageField(entered), 1);
            }

            Add(day, KpiField.Vip, change.Vip);
            Add(day, KpiField.Advocate, change.Advocate);
        }

        foreach (var transition in timelines.All)
        {
            var field = TransitionTimelines.HeadlineOf(transition) switch
            {
                Headline.EnteredLapsed => KpiField.EnteredLapsed,
                Headline.Reactivated => KpiField.Reactivated,
                Headline.NewVip => KpiField.NewVip,
                Headline.NewAdvocate => KpiField.NewAdvocate,
                _ => (KpiField?)null,
            };
            if (field is { } counted)
            {
                Add(KpiPeriods.LocalDate(transition.At, zone), counted, 1);
            }
        }

        foreach (var answer in history.NpsResponses)
        {
            AddCell(KpiPeriods.LocalDate(answer.At, zone).DayNumber, (int)KpiField.NpsScore0 + Math.Clamp(answer.Score, 0, 10), 1);
        }

        return cells;
    }

    /// <summary>The field counting a stage (by its wire name).</summary>
    public static KpiField StageField(string stage) => stage switch
    {
        "prospect" => KpiField.Prospect,
        "one_time" => KpiField.OneTime,
        "repeat" => KpiField.Repeat,
        "at_risk" => KpiField.AtRisk,
        "lapsed" => KpiField.Lapsed,
        "churned" => KpiField.Churned,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, "unknown stage"),
    };

    /// <summary>One customer's orders in placement order: the counts of their days, weeks, months and cohort.</summary>
    private static void AddOrders(NetOrder[] orders, TimeZoneInfo zone, Action<DateOnly, KpiField, decimal> add, Action<int, int, decimal> addRaw)
    {
        var cohort = MonthIndex(KpiPeriods.LocalDate(orders[0].PlacedAt, zone));
        var cohortDay = FirstDayOf(cohort).DayNumber;
        DateOnly? previous = null;
        foreach (var order in orders)
        {
            var day = KpiPeriods.LocalDate(order.PlacedAt, zone);
            add(day, KpiField.Orders, 1);
            add(day, KpiField.Revenue, order.NetAmount);
            if (previous is not { } before)
            {
                add(day, KpiField.NewBuyers, 1);
                add(day, KpiField.FirstOfDay, 1);
                add(day, KpiField.FirstOfWeek, 1);
                add(day, KpiField.FirstOfMonth, 1);
                addRaw(cohortDay, (int)KpiField.CohortMonth0, 1);
                // Counted in the year before each of the next 365 days.
                add(day.AddDays(1), KpiField.OrderedInYearBefore, 1);
                add(day.AddDays(YearDays + 1), KpiField.OrderedInYearBefore, -1);
                previous = day;
                continue;
            }

            Classify(day, before, KpiField.FirstOfDay, KpiField.RetainedDay, d => d.DayNumber, add);
            Classify(day, before, KpiField.FirstOfWeek, KpiField.RetainedWeek, d => KpiPeriods.StartOf(d, KpiInterval.Week).DayNumber / 7, add);
            Classify(day, before, KpiField.FirstOfMonth, KpiField.RetainedMonth, MonthIndex, add);
            if (MonthIndex(day) != MonthIndex(before))
            {
                addRaw(cohortDay, (int)KpiField.CohortMonth0 + MonthIndex(day) - cohort, 1);
            }

            // The days this order adds to the customer's year-before cover: those the previous order did not cover.
            var from = day.AddDays(1) > before.AddDays(YearDays + 1) ? day.AddDays(1) : before.AddDays(YearDays + 1);
            var to = day.AddDays(YearDays + 1);
            if (from < to)
            {
                add(from, KpiField.OrderedInYearBefore, 1);
                add(to, KpiField.OrderedInYearBefore, -1);
            }

            previous = day;
        }
    }

    /// <summary>An order is its customer's first of a period when the previous order lies in an earlier one, retained when in the one just before.</summary>
    private static void Classify(DateOnly day, DateOnly previous, KpiField first, KpiField retained, Func<DateOnly, int> period, Action<DateOnly, KpiField, decimal> add)
    {
        var (now, before) = (period(day), period(previous));
        if (now == before)
        {
            return;
        }

        add(day, first, 1);
        if (before == now - 1)
        {
            add(day, retained, 1);
        }
    }

    /// <summary>One order per (customer, orderId) at its earliest placement, with its net amount as known now.</summary>
    internal static IEnumerable<NetOrder> NetOrders(IEnumerable<KpiOrder> orders, IEnumerable<KpiRefund> refunds)
    {
        var refunded = refunds
            .GroupBy(r => (r.CustomerId, r.OrderId))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Amount));
        return orders
            .GroupBy(o => (o.CustomerId, o.OrderId))
            .Select(g => g.MinBy(o => o.PlacedAt)!)
            .Select(o => new NetOrder(o.CustomerId, o.PlacedAt, Math.Max(0m, o.Amount - refunded.GetValueOrDefault((o.CustomerId, o.OrderId)))));
    }

    internal static int MonthIndex(DateOnly date) => (date.Year * 12) + date.Month - 1;

    internal static DateOnly FirstDayOf(int monthIndex) => new(monthIndex / 12, (monthIndex % 12) + 1, 1);
}
