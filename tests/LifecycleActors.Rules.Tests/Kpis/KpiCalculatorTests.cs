using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Rules.Tests.Kpis;

public class KpiCalculatorTests
{
    private static readonly RuleOptions Rules = new();
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static IReadOnlyList<KpiFigures> Months(KpiHistory history, string from, string to, TimeZoneInfo? zone = null) =>
        KpiCalculator.Compute(history, DateOnly.Parse(from), DateOnly.Parse(to), KpiInterval.Month, zone ?? TimeZoneInfo.Utc, Rules);

    [Fact]
    public void Orders_revenue_buyers_and_the_ratios_follow_their_definitions()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2026-01-05T10:00:00Z", 100m)
            .Order("a", "a2", "2026-02-03T10:00:00Z", 50m)
            .Order("a", "a3", "2026-02-20T10:00:00Z", 30m)
            .Order("b", "b1", "2026-02-10T10:00:00Z", 20m)
            .Build();

        var feb = Months(history, "2026-02-01", "2026-02-28").Single();

        Assert.Equal(new DateOnly(2026, 2, 1), feb.Period);
        Assert.Equal(3, feb.Orders);
        Assert.Equal(100m, feb.Revenue);
        Assert.Equal(2, feb.Buyers);
        Assert.Equal(1, feb.NewBuyers);
        Assert.Equal(33.33m, feb.Aov);
        Assert.Equal(1.5m, feb.PurchaseFrequency);
        Assert.Equal(0.5m, feb.RepeatBuyerRate);
        Assert.Equal(1m, feb.RetentionRate); // a bought in January and again in February
        // S = {a} (365 days before 1 Feb), E = {a, b} (365 days before 1 Mar), N = 1 → (2 − 1) / 1.
        Assert.Equal(1m, feb.Crr);
    }

    [Fact]
    public void An_empty_period_has_zero_counts_and_no_ratios()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2026-01-05T10:00:00Z", 100m)
            .Order("a", "a2", "2026-03-05T10:00:00Z", 10m)
            .Build();

        var figures = Months(history, "2026-01-01", "2026-03-31");
        var feb = figures[1];

        Assert.Equal(3, figures.Count);
        Assert.Equal((0, 0m, 0, 0), (feb.Orders, feb.Revenue, feb.Buyers, feb.NewBuyers));
        Assert.Null(feb.Aov);
        Assert.Null(feb.PurchaseFrequency);
        Assert.Null(feb.RepeatBuyerRate);
        Assert.Equal(0m, feb.RetentionRate);
        Assert.Null(feb.Nps);
        Assert.Null(figures[2].RetentionRate); // nobody bought in February
        Assert.Equal(1m, figures[2].RepeatBuyerRate); // a's first order was in January
    }

    [Fact]
    public void A_refund_in_a_later_period_lowers_the_revenue_of_the_orders_period()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "o1", "2026-01-10T10:00:00Z", 80m)
            .Order("b", "o2", "2026-03-02T10:00:00Z", 40m)
            .Refund("a", "o1", "2026-03-05T10:00:00Z", 30m)
            .Refund("b", "o2", "2026-03-06T10:00:00Z", 50m) // more than the order: its net amount stops at 0
            .Build();

        var figures = Months(history, "2026-01-01", "2026-03-31");

        Assert.Equal(50m, figures[0].Revenue);
        Assert.Equal(50m, figures[0].Aov);
        Assert.Equal(0m, figures[2].Revenue);
        Assert.Equal(1, figures[2].Orders); // a fully refunded order still counts
    }

    [Fact]
    public void A_late_order_changes_the_period_it_belongs_to_and_who_is_new()
    {
        var before = new KpiHistoryBuilder()
            .Order("a", "a2", "2026-02-10T10:00:00Z", 10m)
            .Build();
        var after = new KpiHistoryBuilder()
            .Order("a", "a2", "2026-02-10T10:00:00Z", 10m)
            .Order("a", "a1", "2026-01-10T10:00:00Z", 5m) // arrives late, happened earlier
            .Build();

        var early = Months(before, "2026-01-01", "2026-02-28");
        var late = Months(after, "2026-01-01", "2026-02-28");

        Assert.Equal((0, 1), (early[0].Orders, early[1].NewBuyers));
        Assert.Equal((1, 0), (late[0].Orders, late[1].NewBuyers));
        Assert.Equal(1m, late[1].RetentionRate);
    }

    [Fact]
    public void The_same_order_id_counts_once_at_its_earliest_placement()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "o1", "2026-02-01T10:00:00Z", 10m)
            .Order("a", "o1", "2026-01-31T10:00:00Z", 10m)
            .Build();

        var figures = Months(history, "2026-01-01", "2026-02-28");

        Assert.Equal((1, 0), (figures[0].Orders, figures[1].Orders));
    }

    [Fact]
    public void Periods_follow_the_tenant_time_zone()
    {
        // 31 Jan 23:30 UTC is 1 Feb 00:30 in Berlin.
        var history = new KpiHistoryBuilder().Order("a", "a1", "2026-01-31T23:30:00Z", 10m).Build();

        var utc = Months(history, "2026-01-01", "2026-02-28");
        var berlin = Months(history, "2026-01-01", "2026-02-28", Berlin);

        Assert.Equal((1, 0), (utc[0].Orders, utc[1].Orders));
        Assert.Equal((0, 1), (berlin[0].Orders, berlin[1].Orders));
        Assert.Equal(KpiHistoryBuilder.At("2026-01-31T23:00:00Z"), berlin[1].Start);
    }

    [Fact]
    public void Days_across_a_daylight_saving_change_are_23_and_25_hours_long()
    {
        var days = KpiPeriods.Between(new DateOnly(2026, 3, 29), new DateOnly(2026, 3, 29), KpiInterval.Day, Berlin);
        var autumn = KpiPeriods.Between(new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 25), KpiInterval.Day, Berlin);

        Assert.Equal(TimeSpan.FromHours(23), days.Single().End - days.Single().Start);
        Assert.Equal(TimeSpan.FromHours(25), autumn.Single().End - autumn.Single().Start);
    }

    [Fact]
    public void Weeks_are_iso_weeks_starting_on_monday()
    {
        var weeks = KpiPeriods.Between(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 12), KpiInterval.Week, TimeZoneInfo.Utc);

        Assert.Equal([new DateOnly(2025, 12, 29), new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 12)], weeks.Select(w => w.Label));
    }

    [Fact]
    public void Stage_mix_flags_lapses_reactivations_and_churn_rate_come_from_the_transitions()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2025-10-01T10:00:00Z", 10m)
            .Stage("a", "prospect", "one_time", "2025-10-01T10:00:00Z")
            .Stage("a", "one_time", "at_risk", "2025-12-10T00:00:00Z")
            .Stage("a", "at_risk", "lapsed", "2026-01-15T00:00:00Z")
            .Order("b", "b1", "2025-06-01T10:00:00Z", 10m)
            .Stage("b", "prospect", "one_time", "2025-06-01T10:00:00Z")
            .Stage("b", "one_time", "lapsed", "2025-09-01T00:00:00Z")
            .Order("b", "b2", "2026-01-20T10:00:00Z", 500m)
            .Stage("b", "lapsed", "repeat", "2026-01-20T10:00:00Z")
            .Flag("b", "vip", true, "2026-01-20T10:00:00Z")
            .Flag("b", "advocate", true, "2026-01-21T10:00:00Z")
            .Flag("b", "advocate", false, "2026-01-25T10:00:00Z")
            .Nps("c", "2025-12-01T10:00:00Z", 8)
            .Build();

        var jan = Months(history, "2026-01-01", "2026-01-31").Single();

        Assert.Equal(1, jan.Stages["lapsed"]);
        Assert.Equal(1, jan.Stages["repeat"]);
        Assert.Equal(1, jan.Stages["prospect"]); // c is known from its NPS answer and has no order
        Assert.Equal(0, jan.Stages["at_risk"]);
        Assert.Equal((1, 0), (jan.Vip, jan.Advocate));
        Assert.Equal((1, 1, 1, 1), (jan.EnteredLapsed, jan.Reactivated, jan.NewVip, jan.NewAdvocate));
        // At 1 January a is at_risk and c a prospect (both count); b is lapsed: 1 entered lapsed / 2.
        Assert.Equal(0.5m, jan.ChurnRate);
    }

    [Fact]
    public void Nps_is_promoters_minus_detractors_in_percent_of_the_answers_in_the_period()
    {
        var history = new KpiHistoryBuilder()
            .Nps("a", "2026-01-02T10:00:00Z", 10)
            .Nps("b", "2026-01-03T10:00:00Z", 9)
            .Nps("c", "2026-01-04T10:00:00Z", 7)
            .Nps("d", "2026-01-05T10:00:00Z", 3)
            .Nps("a", "2026-02-05T10:00:00Z", 0)
            .Build();

        var figures = Months(history, "2026-01-01", "2026-03-31");

        Assert.Equal((25m, 4), (figures[0].Nps!.Value, figures[0].NpsResponses));
        Assert.Equal(-100m, figures[1].Nps);
        Assert.Null(figures[2].Nps);
    }

    [Fact]
    public void Crr_compares_the_buyers_of_the_365_days_before_the_start_and_the_end()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2025-03-15T10:00:00Z", 10m) // in S only: ages out of the window during March 2026
            .Order("b", "b1", "2025-06-15T10:00:00Z", 10m) // in S and E
            .Order("c", "c1", "2026-03-10T10:00:00Z", 10m) // new in March: in E and N
            .Build();

        var march = Months(history, "2026-03-01", "2026-03-31").Single();

        Assert.Equal(0.5m, march.Crr); // (E 2 − N 1) / S 2
    }

    [Fact]
    public void A_late_transition_with_an_earlier_time_counts_where_its_time_falls()
    {
        // Sequence 2 was detected after sequence 1 but happened first: (at, sequence) orders the customer's timeline.
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2025-12-01T10:00:00Z", 10m)
            .Stage("a", "at_risk", "lapsed", "2026-02-10T00:00:00Z")
            .Stage("a", "one_time", "at_risk", "2026-01-20T00:00:00Z")
            .Build();

        var figures = Months(history, "2026-01-01", "2026-02-28");

        Assert.Equal(1, figures[0].Stages["at_risk"]);
        Assert.Equal((0, 1), (figures[0].EnteredLapsed, figures[1].EnteredLapsed));
        Assert.Equal(1, figures[1].Stages["lapsed"]);
    }

    [Fact]
    public void Weekly_and_daily_periods_count_by_the_local_calendar()
    {
        // Sunday 2026-03-01 23:30 UTC is Monday 00:30 in Berlin: the second ISO week there, the first in UTC.
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2026-03-01T23:30:00Z", 10m)
            .Order("b", "b1", "2026-03-02T10:00:00Z", 20m)
            .Build();

        var utcWeeks = KpiCalculator.Compute(history, new DateOnly(2026, 2, 23), new DateOnly(2026, 3, 2), KpiInterval.Week, TimeZoneInfo.Utc, Rules);
        var berlinDays = KpiCalculator.Compute(history, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 2), KpiInterval.Day, Berlin, Rules);

        Assert.Equal([1, 1], utcWeeks.Select(w => w.Orders));
        Assert.Equal([0, 2], berlinDays.Select(d => d.Orders));
        Assert.Equal(15m, berlinDays[1].Aov);
    }
}
