namespace LifecycleActors.Rules.Tests;

public sealed class OrderRulesTests
{
    [Fact]
    public void Orders_count_once_per_order_id_under_any_event_id()
    {
        var customer = new CustomerDriver()
            .Order(0, 50m, "o-1")
            .Order(0.5, 50m, "o-1")
            .Order(1, 70m, "o-2");

        var view = customer.View(2);
        Assert.Equal(2, view.Orders);
        Assert.Equal(120m, view.NetSpend);
        Assert.Equal(60m, view.Aov);
    }

    [Fact]
    public void A_duplicate_order_counts_no_extra_engagement()
    {
        var once = new CustomerDriver().Order(0, 50m, "o-1");
        var twice = new CustomerDriver().Order(0, 50m, "o-1").Order(0, 50m, "o-1");

        Assert.Equal(once.View(1).EngagementScore, twice.View(1).EngagementScore);
    }

    [Fact]
    public void Of_duplicate_orders_the_earliest_is_canonical_whatever_the_arrival_order()
    {
        var later = new CustomerDriver().Order(10, 80m, "o-1", "e-b").Order(5, 60m, "o-1", "e-a");
        var earlier = new CustomerDriver().Order(5, 60m, "o-1", "e-a").Order(10, 80m, "o-1", "e-b");

        Assert.Equal(earlier.View(20).EngagementScore, later.View(20).EngagementScore);
        Assert.Equal(60m, earlier.View(20).NetSpend);
        Assert.Equal(60m, later.View(20).NetSpend);
        Assert.Equal(CustomerDriver.Day(5), later.View(20).LastOrderAt);
    }

    [Fact]
    public void A_refund_reduces_the_orders_net_amount()
    {
        var view = new CustomerDriver().Order(0, 100m, "o-1").Refund(1, "o-1", 30m).View(2);

        Assert.Equal(70m, view.NetSpend);
        Assert.Equal(1, view.Orders);
    }

    [Fact]
    public void A_refund_before_its_order_applies_when_the_order_arrives()
    {
        var customer = new CustomerDriver().Refund(1, "o-1", 30m);
        Assert.Equal(0, customer.View(2).Orders);

        customer.Apply(Rules.Events.CustomerEvent.Order("late", "c-1", CustomerDriver.Day(0), "o-1", 100m), CustomerDriver.Day(2));

        Assert.Equal(70m, customer.View(2).NetSpend);
    }

    [Fact]
    public void Refunds_never_take_an_order_below_zero_and_the_order_still_counts()
    {
        var view = new CustomerDriver()
            .Order(0, 100m, "o-1")
            .Refund(1, "o-1", 80m)
            .Refund(2, "o-1", 80m)
            .Order(3, 40m, "o-2")
            .View(4);

        Assert.Equal(40m, view.NetSpend);
        Assert.Equal(2, view.Orders);
    }

    [Fact]
    public void Spend365_counts_orders_placed_in_the_trailing_365_days()
    {
        var customer = new CustomerDriver().Order(0, 100m).Order(200, 50m);

        Assert.Equal(150m, customer.View(364.9).Spend365);
        Assert.Equal(50m, customer.View(365).Spend365);
        Assert.Equal(0m, customer.View(565).Spend365);
    }

    [Fact]
    public void Purchase_days_are_distinct_utc_dates()
    {
        var view = new CustomerDriver().Order(0, 10m).Order(0.1, 10m).Order(3, 10m).View(4);

        Assert.Equal(3, view.Orders);
        Assert.Equal(2, view.PurchaseDays);
        Assert.Equal(3, view.ExpectedGapDays);
    }

    [Fact]
    public void Orders_older_than_the_detail_window_are_folded_into_totals_and_state_stays_bounded()
    {
        var customer = new CustomerDriver();
        for (var day = 0; day < 2000; day += 5)
        {
            customer.Order(day, 10m);
        }

        var view = customer.View(2000);
        Assert.Equal(400, view.Orders);
        Assert.Equal(4000m, view.NetSpend);
        Assert.Equal(720m, view.Spend365);
        Assert.Equal(5, view.ExpectedGapDays);
        Assert.InRange(customer.State.Orders.Count, 70, 81);
        Assert.Equal(400 - customer.State.Orders.Count, customer.State.FoldedOrders);
    }
}
