using LifecycleActors.Rules.Evaluation;

namespace LifecycleActors.Rules.Tests;

public sealed class CadenceAndStageTests
{
    [Fact]
    public void A_customer_without_orders_is_a_prospect()
    {
        var customer = new CustomerDriver().Simple(0, Events.EventType.Signup);

        Assert.Equal(Stage.Prospect, customer.View(400).Stage);
        Assert.Null(customer.State.NextChangeAt);
    }

    [Fact]
    public void Expected_gap_is_the_mean_of_the_last_ten_gaps()
    {
        var customer = new CustomerDriver().Order(0, 10m).Order(100, 10m);
        for (var i = 1; i <= 10; i++)
        {
            customer.Order(100 + (i * 7), 10m);
        }

        var view = customer.View(171);
        Assert.Equal(7, view.ExpectedGapDays);
        Assert.Equal(GapSource.Own, view.GapSource);
        Assert.Equal(Stage.Repeat, view.Stage);
    }

    [Fact]
    public void A_one_order_customer_uses_the_default_gap_without_a_population_gap()
    {
        var view = new CustomerDriver().Order(0, 10m).View(1);

        Assert.Equal(30, view.ExpectedGapDays);
        Assert.Equal(GapSource.Default, view.GapSource);
        Assert.Equal(CustomerDriver.Day(75), view.LapseAt);
        Assert.Equal(Stage.OneTime, view.Stage);
    }

    [Fact]
    public void A_one_order_customer_uses_the_population_gap_when_given()
    {
        var view = new CustomerDriver(new TenantFacts(null, 12)).Order(0, 10m).View(1);

        Assert.Equal(12, view.ExpectedGapDays);
        Assert.Equal(GapSource.Population, view.GapSource);
        Assert.Equal(CustomerDriver.Day(30), view.LapseAt);
        Assert.Equal(CustomerDriver.Day(12), view.NextOrderExpectedAt);
    }

    [Theory]
    [InlineData(2, 21)]
    [InlineData(20, 50)]
    [InlineData(200, 365)]
    public void The_lapse_threshold_is_clamped(double gap, double lapseDays)
    {
        var view = new CustomerDriver().Order(0, 10m).Order(gap, 10m).View(gap);

        Assert.Equal(CustomerDriver.Day(gap + lapseDays), view.LapseAt);
    }

    [Fact]
    public void Exactly_at_L_the_customer_is_at_risk_and_one_tick_later_lapsed()
    {
        var customer = new CustomerDriver().Order(0, 10m);
        var lapseAt = CustomerDriver.Day(75);

        Assert.Equal(Stage.OneTime, customer.View(45).Stage);
        Assert.Equal(Stage.AtRisk, customer.View(45 + 1e-6).Stage);
        Assert.Equal(Stage.AtRisk, customer.View(lapseAt).Stage);
        Assert.Equal(Stage.Lapsed, customer.View(lapseAt.AddTicks(1)).Stage);
        Assert.Equal(Stage.Lapsed, customer.View(lapseAt + TimeSpan.FromDays(180)).Stage);
        Assert.Equal(Stage.Churned, customer.View(lapseAt + TimeSpan.FromDays(180) + TimeSpan.FromTicks(1)).Stage);
    }

    [Fact]
    public void Time_alone_moves_a_customer_to_at_risk_lapsed_and_churned_on_time()
    {
        var customer = new CustomerDriver().Order(0, 10m);
        Assert.Equal(CustomerDriver.Day(45).AddTicks(1), customer.State.NextChangeAt);

        customer.AdvanceTo(CustomerDriver.Day(75));
        var atRisk = Assert.Single(customer.Transitions, t => t.To == "at_risk");
        Assert.Equal(CustomerDriver.Day(45), atRisk.At);
        Assert.True(atRisk.TimeDriven);
        Assert.DoesNotContain(customer.Transitions, t => t.To == "lapsed");
        Assert.Equal(CustomerDriver.Day(75).AddTicks(1), customer.State.NextChangeAt);

        customer.AdvanceTo(CustomerDriver.Day(75).AddTicks(1));
        var lapsed = customer.Last(TransitionKind.Stage);
        Assert.Equal("lapsed", lapsed.To);
        Assert.Equal(CustomerDriver.Day(75), lapsed.At);
        Assert.Equal("no order for 75 days; expected every 30 days by default (lapse after 75)", lapsed.Reason);

        customer.AdvanceTo(CustomerDriver.Day(1000));
        var churned = customer.Last(TransitionKind.Stage);
        Assert.Equal("churned", churned.To);
        Assert.Equal(CustomerDriver.Day(255), churned.At);
        Assert.Equal([1L, 2L, 3L, 4L], customer.Transitions.Select(t => t.Sequence));
        Assert.Null(customer.State.NextChangeAt);
    }

    [Fact]
    public void A_late_advance_publishes_every_missed_step_in_order()
    {
        var customer = new CustomerDriver().Order(0, 10m).AdvanceTo(300);

        Assert.Equal(
            ["one_time", "at_risk", "lapsed", "churned"],
            customer.Transitions.Select(t => t.To));
        Assert.Equal(
            [CustomerDriver.Day(0), CustomerDriver.Day(45), CustomerDriver.Day(75), CustomerDriver.Day(255)],
            customer.Transitions.Select(t => t.At));
    }

    [Fact]
    public void An_order_after_lapse_is_a_reactivation()
    {
        var customer = new CustomerDriver().Order(0, 10m, "o-1").AdvanceTo(100).Order(100, 20m, "o-2");

        var reactivation = customer.Last(TransitionKind.Stage);
        Assert.Equal("lapsed", reactivation.From);
        Assert.Equal("repeat", reactivation.To);
        Assert.False(reactivation.TimeDriven);
        Assert.StartsWith("reactivation: order o-2 after 100 days without an order (was lapsed)", reactivation.Reason);
    }

    [Fact]
    public void An_order_after_churn_is_a_reactivation()
    {
        var customer = new CustomerDriver().Order(0, 10m, "o-1").AdvanceTo(400).Order(400, 20m, "o-2");

        var reactivation = customer.Last(TransitionKind.Stage);
        Assert.Equal("churned", reactivation.From);
        Assert.Equal("repeat", reactivation.To);
        Assert.Contains("reactivation", reactivation.Reason);
        Assert.Contains("(was churned)", reactivation.Reason);
    }

    [Fact]
    public void A_second_purchase_day_makes_a_repeat_buyer()
    {
        var customer = new CustomerDriver().Order(0, 10m, "o-1").Order(0.2, 10m, "o-2");
        Assert.Equal(Stage.OneTime, customer.View(1).Stage);

        customer.Order(20, 10m, "o-3");

        var transition = customer.Last(TransitionKind.Stage);
        Assert.Equal(("one_time", "repeat"), (transition.From, transition.To));
        Assert.Equal("order o-3: 2 purchase days; expected every 20 days", transition.Reason);
    }

    [Fact]
    public void A_new_population_gap_moves_one_time_buyers_with_a_reason()
    {
        var customer = new CustomerDriver().Order(0, 10m).AdvanceTo(40);
        Assert.Equal(Stage.OneTime, customer.View(40).Stage);

        customer.Facts = new TenantFacts(null, 10);
        customer.AdvanceTo(40);

        var transition = customer.Last(TransitionKind.Stage);
        Assert.Equal("lapsed", transition.To);
        Assert.StartsWith("shop facts refreshed: no order for 40 days; expected every 10 days like the shop's typical customer", transition.Reason);
    }
}
