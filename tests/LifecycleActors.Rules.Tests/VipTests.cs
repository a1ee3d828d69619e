namespace LifecycleActors.Rules.Tests;

public sealed class VipTests
{
    private static readonly TenantFacts Threshold1000 = new(1000m, null);

    [Fact]
    public void Nobody_is_vip_without_a_threshold()
    {
        var customer = new CustomerDriver().Order(0, 1_000_000m);

        Assert.False(customer.View(1).Vip);
        Assert.DoesNotContain(customer.Transitions, t => t.Kind == TransitionKind.Vip);
    }

    [Fact]
    public void Spend365_at_the_threshold_enters_vip_with_a_reason()
    {
        var customer = new CustomerDriver(Threshold1000).Order(0, 400m).Order(10, 600m);

        var transition = customer.Last(TransitionKind.Vip);
        Assert.Equal(("false", "true"), (transition.From, transition.To));
        Assert.Equal(CustomerDriver.Day(10), transition.At);
        Assert.Equal("spend365 1000 ≥ threshold 1000", transition.Reason);
        Assert.True(transition.IsHeadline());
    }

    [Fact]
    public void The_reason_says_where_the_threshold_comes_from()
    {
        var customer = new CustomerDriver(Threshold1000 with { VipBasis = "top 5 %" }).Order(0, 1200m);

        Assert.Equal("spend365 1200 ≥ threshold 1000 (top 5 %)", customer.Last(TransitionKind.Vip).Reason);
    }

    [Fact]
    public void Spend365_between_exit_and_threshold_keeps_the_flag_and_below_exit_leaves()
    {
        var customer = new CustomerDriver(Threshold1000).Order(0, 300m).Order(200, 800m);
        Assert.True(customer.View(200).Vip);

        customer.AdvanceTo(365);
        Assert.Equal(800m, customer.View(365).Spend365);
        Assert.True(customer.View(365).Vip);
        Assert.Single(customer.Transitions, t => t.Kind == TransitionKind.Vip);

        customer.AdvanceTo(565);
        var left = customer.Last(TransitionKind.Vip);
        Assert.Equal(("true", "false"), (left.From, left.To));
        Assert.Equal(CustomerDriver.Day(565), left.At);
        Assert.True(left.TimeDriven);
        Assert.Equal("spend365 0 < 800 (0.8 × threshold 1000)", left.Reason);
    }

    [Fact]
    public void A_customer_who_never_reached_the_threshold_is_not_vip_in_the_band()
    {
        var customer = new CustomerDriver(Threshold1000).Order(0, 900m);

        Assert.False(customer.View(1).Vip);
    }

    [Fact]
    public void Vip_ages_out_exactly_when_spend_leaves_the_365_day_window()
    {
        var customer = new CustomerDriver(Threshold1000).Order(0, 1200m).Order(20, 10m);

        customer.AdvanceTo(CustomerDriver.Day(365).AddTicks(-1));
        Assert.True(customer.State.Vip);
        customer.AdvanceTo(365);
        Assert.False(customer.State.Vip);
    }

    [Fact]
    public void A_refund_that_takes_spend_below_exit_leaves_vip()
    {
        var customer = new CustomerDriver(Threshold1000).Order(0, 1000m, "o-1").Refund(3, "o-1", 500m);

        var left = customer.Last(TransitionKind.Vip);
        Assert.Equal("false", left.To);
        Assert.False(left.TimeDriven);
    }

    [Fact]
    public void A_refund_before_its_order_gives_the_same_flag_as_after()
    {
        var before = new CustomerDriver(Threshold1000).Refund(1, "o-1", 150m)
            .Apply(Rules.Events.CustomerEvent.Order("x", "c-1", CustomerDriver.Day(0), "o-1", 1000m), CustomerDriver.Day(2));
        var after = new CustomerDriver(Threshold1000).Order(0, 1000m, "o-1").Refund(1, "o-1", 150m).AdvanceTo(2);

        Assert.False(before.View(2).Vip);
        Assert.False(after.View(2).Vip);
        Assert.False(after.State.Vip);
    }

    [Fact]
    public void A_raised_threshold_takes_the_flag_away_only_below_the_new_exit()
    {
        var customer = new CustomerDriver(Threshold1000).Order(0, 1000m);
        Assert.True(customer.State.Vip);

        customer.Facts = new TenantFacts(1200m, null);
        customer.AdvanceTo(1);
        Assert.True(customer.State.Vip);

        customer.Facts = new TenantFacts(1300m, null);
        customer.AdvanceTo(2);
        Assert.False(customer.State.Vip);
        Assert.StartsWith("shop facts refreshed: spend365 1000 < 1040", customer.Last(TransitionKind.Vip).Reason);
    }
}
