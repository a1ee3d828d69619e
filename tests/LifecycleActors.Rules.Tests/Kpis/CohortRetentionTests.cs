using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Rules.Tests.Kpis;

public class CohortRetentionTests
{
    [Fact]
    public void Each_cohort_holds_the_share_with_an_order_in_each_later_month()
    {
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2026-01-05T10:00:00Z", 10m)
            .Order("a", "a2", "2026-03-05T10:00:00Z", 10m)
            .Order("b", "b1", "2026-01-20T10:00:00Z", 10m)
            .Order("b", "b2", "2026-02-20T10:00:00Z", 10m)
            .Order("b", "b3", "2026-02-21T10:00:00Z", 10m)
            .Order("c", "c1", "2026-02-01T10:00:00Z", 10m)
            .Build();

        var cohorts = CohortRetention.Compute(history.Orders, KpiHistoryBuilder.At("2026-03-31T00:00:00Z"), TimeZoneInfo.Utc);

        Assert.Equal(2, cohorts.Count);
        Assert.Equal((new DateOnly(2026, 1, 1), 2), (cohorts[0].Month, cohorts[0].Customers));
        Assert.Equal([1m, 0.5m, 0.5m], cohorts[0].Retention);
        Assert.Equal((new DateOnly(2026, 2, 1), 1), (cohorts[1].Month, cohorts[1].Customers));
        Assert.Equal([1m, 0m], cohorts[1].Retention);
    }

    [Fact]
    public void Cohort_months_follow_the_tenant_time_zone_and_ignore_orders_after_now()
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var history = new KpiHistoryBuilder()
            .Order("a", "a1", "2026-01-31T23:30:00Z", 10m) // 1 February in Amsterdam
            .Order("a", "a2", "2026-04-02T10:00:00Z", 10m)
            .Build();

        var cohorts = CohortRetention.Compute(history.Orders, KpiHistoryBuilder.At("2026-03-15T00:00:00Z"), amsterdam);

        Assert.Equal(new DateOnly(2026, 2, 1), cohorts.Single().Month);
        Assert.Equal([1m, 0m], cohorts.Single().Retention);
    }

    [Fact]
    public void No_orders_give_no_cohorts()
    {
        Assert.Empty(CohortRetention.Compute([], KpiHistoryBuilder.At("2026-03-15T00:00:00Z"), TimeZoneInfo.Utc));
    }
}
