namespace LifecycleActors.Rules.Tests;

/// <summary>Each kind of transition carries a reason code and the numbers of its English text (contract §4).</summary>
public sealed class ReasonCodeTests
{
    private static readonly TenantFacts Threshold1000 = new(1000m, null);

    [Fact]
    public void A_first_order_names_the_order_and_its_amount()
    {
        var first = new CustomerDriver().Order(0, 12.5m, "o-1").Last(TransitionKind.Stage);

        Assert.Equal(("first_order", """{"orderId":"o-1","amount":12.5}"""), (first.ReasonCode, first.ReasonArgs));
    }

    [Fact]
    public void Time_driven_steps_carry_recency_expected_gap_and_threshold()
    {
        var customer = new CustomerDriver().Order(0, 10m).AdvanceTo(1000);

        var codes = customer.Transitions.Select(t => (t.To, t.ReasonCode, t.ReasonArgs)).ToList();
        Assert.Equal(
            [
                ("one_time", "first_order", """{"orderId":"o-1","amount":10}"""),
                ("at_risk", "at_risk_no_order", """{"days":45,"expectedGapDays":30,"gapSource":"default","thresholdDays":45}"""),
                ("lapsed", "lapse_no_order", """{"days":75,"expectedGapDays":30,"gapSource":"default","thresholdDays":75}"""),
                ("churned", "churn_no_order", """{"days":255,"lapseDays":75,"graceDays":180}"""),
            ],
            codes);
    }

    [Fact]
    public void A_reactivating_order_names_the_order_the_days_without_one_and_the_stage_it_left()
    {
        var customer = new CustomerDriver().Order(0, 10m, "o-1").AdvanceTo(100).Order(100, 20m, "o-2");

        var reactivation = customer.Last(TransitionKind.Stage);
        Assert.Equal("reactivated_by_order", reactivation.ReasonCode);
        Assert.Equal("""{"orderId":"o-2","days":100,"was":"lapsed","expectedGapDays":100,"gapSource":"own"}""", reactivation.ReasonArgs);
    }

    [Fact]
    public void A_repeat_order_names_the_purchase_days()
    {
        var customer = new CustomerDriver().Order(0, 10m, "o-1").Order(20, 10m, "o-3");

        var repeat = customer.Last(TransitionKind.Stage);
        Assert.Equal(("order_placed", """{"orderId":"o-3","purchaseDays":2,"expectedGapDays":20,"gapSource":"own"}"""), (repeat.ReasonCode, repeat.ReasonArgs));
    }

    [Fact]
    public void Refreshed_shop_facts_are_an_argument_not_a_new_code()
    {
        var customer = new CustomerDriver().Order(0, 10m).AdvanceTo(40);
        customer.Facts = new TenantFacts(null, 10);
        customer.AdvanceTo(40);

        var lapsed = customer.Last(TransitionKind.Stage);
        Assert.Equal("lapse_no_order", lapsed.ReasonCode);
        Assert.Equal("""{"days":40,"expectedGapDays":10,"gapSource":"population","thresholdDays":25,"factsRefreshed":true}""", lapsed.ReasonArgs);
    }

    [Fact]
    public void Vip_entering_and_leaving_carry_spend_threshold_and_exit()
    {
        var customer = new CustomerDriver(Threshold1000 with { VipBasis = "top 5 %" }).Order(0, 1200m).AdvanceTo(400);

        var vip = customer.Transitions.Where(t => t.Kind == TransitionKind.Vip).ToList();
        Assert.Equal(
            [
                ("vip_spend_reached", """{"spend365":1200,"threshold":1000,"topPercent":5}"""),
                ("vip_spend_below_exit", """{"spend365":0,"exitSpend":800,"exitRatio":0.8,"threshold":1000}"""),
            ],
            vip.Select(t => (t.ReasonCode, t.ReasonArgs)));
    }

    [Fact]
    public void Advocacy_carries_its_points_and_the_detractor_veto_its_score()
    {
        var customer = new CustomerDriver().Order(0, 10m).Review(1, 5).Review(2, 5).Simple(3, Events.EventType.SocialShare).Nps(4, 3);

        var advocate = customer.Transitions.Where(t => t.Kind == TransitionKind.Advocate).ToList();
        Assert.Equal(
            [
                ("advocate_points_reached", """{"points":3,"advocatePoints":3,"referralPoints":0,"reviewPoints":2,"sharePoints":1,"npsPoints":0}"""),
                ("advocate_detractor", """{"points":3,"advocatePoints":3,"referralPoints":0,"reviewPoints":2,"sharePoints":1,"npsPoints":0,"nps":3,"npsDetractorMax":6}"""),
            ],
            advocate.Select(t => (t.ReasonCode, t.ReasonArgs)));
    }

    [Fact]
    public void Every_code_keeps_the_english_text()
    {
        var customer = new CustomerDriver().Order(0, 10m).AdvanceTo(1000);

        Assert.All(customer.Transitions, t => Assert.False(string.IsNullOrEmpty(t.Reason)));
        Assert.Equal("no order for 75 days; expected every 30 days by default (lapse after 75)", customer.Transitions[2].Reason);
    }
}
