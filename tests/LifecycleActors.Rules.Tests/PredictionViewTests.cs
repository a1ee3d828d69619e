using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests;

/// <summary>The prediction a customer shows, from its tenant's fitted model and its own purchase days.</summary>
public sealed class PredictionViewTests
{
    private static readonly TenantFacts WithModel = new(null, null)
    {
        Prediction = new PredictionModel(new BgNbdParameters(0.243, 30.898, 0.793, 2.426), new GammaGammaParameters(6.25, 3.74, 15.44)),
    };

    [Fact]
    public void Without_a_model_there_is_no_prediction()
    {
        Assert.Null(new CustomerDriver().Order(0, 20m).View(10).Prediction);
    }

    [Fact]
    public void P_alive_falls_while_nothing_happens_and_a_new_purchase_restores_it()
    {
        var customer = new CustomerDriver(WithModel).Order(0, 20m).Order(10, 30m).Order(20, 25m);

        var soon = customer.View(25).Prediction!;
        var later = customer.View(120).Prediction!;
        var muchLater = customer.View(400).Prediction!;
        Assert.True(soon.PAlive > later.PAlive && later.PAlive > muchLater.PAlive, $"{soon.PAlive} > {later.PAlive} > {muchLater.PAlive}");
        Assert.True(soon.ExpectedOrders90d > later.ExpectedOrders90d);

        customer.Order(400, 40m);
        Assert.True(customer.View(400).Prediction!.PAlive > muchLater.PAlive);
    }

    [Fact]
    public void The_prediction_uses_purchase_days_and_the_mean_of_the_repeat_days()
    {
        // Two orders on day 0 are one purchase day; days 10 and 20 are the repeats (mean 27.5).
        var customer = new CustomerDriver(WithModel).Order(0, 20m).Order(0.5, 5m).Order(10, 30m).Order(20, 25m);
        var view = customer.View(50).Prediction!;

        var summary = new PurchaseSummary(2, 20, (CustomerDriver.Day(50) - CustomerDriver.Day0.Date).TotalDays);
        var model = WithModel.Prediction!;
        Assert.Equal(Math.Round(BgNbd.ProbabilityAlive(model.BgNbd, summary), 4), view.PAlive);
        Assert.Equal(Math.Round(BgNbd.ExpectedPurchases(model.BgNbd, summary, 90), 4), view.ExpectedOrders90d);
        var value = GammaGamma.ExpectedOrderValue(model.GammaGamma!, 2, 27.5);
        Assert.Equal(Math.Round((decimal)(BgNbd.ExpectedPurchases(model.BgNbd, summary, 365) * value), 2), view.PredictedClv365);
    }

    [Fact]
    public void A_one_time_buyer_has_no_clv_when_the_fitted_value_model_has_no_finite_mean()
    {
        var facts = WithModel with { Prediction = WithModel.Prediction! with { GammaGamma = new GammaGammaParameters(2, 0.9, 10) } };
        var view = new CustomerDriver(facts).Order(0, 20m).View(30).Prediction!;

        Assert.Null(view.PredictedClv365);
        Assert.InRange(view.PAlive, 0.0, 1.0);
    }

    [Fact]
    public void A_lapse_reason_names_p_alive()
    {
        var customer = new CustomerDriver(WithModel).Order(0, 20m).Order(10, 30m);
        customer.AdvanceTo(200);

        Assert.Matches(@"; pAlive 0\.\d\d$", customer.Transitions.Single(t => t.To == "lapsed").Reason);
    }
}
