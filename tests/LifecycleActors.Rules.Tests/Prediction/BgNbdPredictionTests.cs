using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>P(alive) and E[Y(t)] against the published CDNOW figures and the model's own properties.</summary>
public sealed class BgNbdPredictionTests
{
    private const double Week = Cdnow.DaysPerWeek;

    private static readonly BgNbdParameters Weekly = Published.BgNbd with { Alpha = Published.BgNbd.Alpha / Week };

    [Fact]
    public void Expected_purchases_of_the_published_customer_are_1_226()
    {
        var customer = new PurchaseSummary(2, 30.43 * Week, 38.86 * Week);

        var inDays = BgNbd.ExpectedPurchases(Published.BgNbd, customer, 39 * Week);
        var inWeeks = BgNbd.ExpectedPurchases(Weekly, new PurchaseSummary(2, 30.43, 38.86), 39);

        Assert.Equal(1.226, inDays, 0.001);
        Assert.Equal(inWeeks, inDays, 1e-12);
    }

    [Theory]
    [InlineData(1, 0.0532)]
    [InlineData(3, 0.1506)]
    [InlineData(32, 1.0437)]
    [InlineData(78, 1.8576)]
    public void A_customer_who_just_made_a_first_purchase_expects_the_published_unconditional_counts(double weeks, double published)
    {
        // Conditioning on x = 0 at T = 0 conditions on nothing, so E[Y(t) | 0, 0, 0] is the paper's E[X(t)]. The paper
        // evaluated it with unrounded parameters: the three-decimal ones land about 0.15 % away.
        var expected = BgNbd.ExpectedPurchases(Published.BgNbd, new PurchaseSummary(0, 0, 0), weeks * Week);

        Published.Near(published, expected, 0.005, $"E[X({weeks} weeks)]");
    }

    [Theory]
    [InlineData(0, 0, 0, 365)]
    [InlineData(0, 0, 300, 90)]
    [InlineData(1, 10, 20, 5)]
    [InlineData(3, 150, 200, 365)]
    [InlineData(25, 700, 730, 365)]
    public void Expected_purchases_match_the_published_formula_written_out(int x, double recency, double age, double days)
    {
        // E[Y(t)] = (a + b + x − 1)/(a − 1) · [1 − ((α + T)/(α + T + t))^(r + x) ₂F₁(r + x, b + x; a + b + x − 1; t/(α + T + t))]
        //           / (1 + δ · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)), evaluated here without Euler's transformation.
        var (r, alpha, a, b) = Published.BgNbd;
        var hypergeometric = Hypergeometric.Hyp2F1(r + x, b + x, a + b + x - 1, days / (alpha + age + days));
        var bracket = 1 - (Math.Pow((alpha + age) / (alpha + age + days), r + x) * hypergeometric);
        var odds = x == 0 ? 0 : a / (b + x - 1) * Math.Pow((alpha + age) / (alpha + recency), r + x);
        var expected = (a + b + x - 1) / (a - 1) * bracket / (1 + odds);

        Assert.Equal(expected, BgNbd.ExpectedPurchases(Published.BgNbd, new PurchaseSummary(x, recency, age), days), 1e-11 * Math.Max(1, expected));
    }

    [Fact]
    public void Expected_purchases_grow_with_the_horizon_and_are_zero_for_none()
    {
        var customer = new PurchaseSummary(4, 150, 200);
        var previous = BgNbd.ExpectedPurchases(Published.BgNbd, customer, 0);

        Assert.Equal(0, previous);
        foreach (var days in new[] { 1.0, 30, 90, 365, 3650, 36500 })
        {
            var expected = BgNbd.ExpectedPurchases(Published.BgNbd, customer, days);
            Assert.True(expected > previous, $"E[Y({days})] = {expected} should exceed {previous}");
            previous = expected;
        }
    }

    [Fact]
    public void Probability_alive_falls_as_the_customer_stays_silent()
    {
        var previous = 1.0;
        foreach (var age in new[] { 100.0, 101, 150, 365, 1000, 1e5, 1e9 })
        {
            var alive = BgNbd.ProbabilityAlive(Published.BgNbd, new PurchaseSummary(3, 100, age));
            Assert.True(alive < previous && alive >= 0, $"P(alive | T = {age}) = {alive} should be below {previous}");
            previous = alive;
        }

        Assert.True(previous < 1e-6);
    }

    [Fact]
    public void Probability_alive_is_one_without_repeat_purchases_and_matches_the_formula_otherwise()
    {
        var (r, alpha, a, b) = Published.BgNbd;

        Assert.Equal(1, BgNbd.ProbabilityAlive(Published.BgNbd, new PurchaseSummary(0, 0, 5000)));
        Assert.Equal(
            1 / (1 + (a / (b + 1) * Math.Pow((alpha + 272) / (alpha + 213), r + 2))),
            BgNbd.ProbabilityAlive(Published.BgNbd, new PurchaseSummary(2, 213, 272)),
            1e-14);
    }

    [Fact]
    public void Heavy_buyers_and_old_customers_give_finite_predictions()
    {
        foreach (var customer in new[] { new PurchaseSummary(5000, 9990, 10000), new PurchaseSummary(0, 0, 1e9), new PurchaseSummary(50, 1e6, 1e6) })
        {
            var alive = BgNbd.ProbabilityAlive(Published.BgNbd, customer);
            var expected = BgNbd.ExpectedPurchases(Published.BgNbd, customer, 365);

            Assert.InRange(alive, 0, 1);
            Assert.True(double.IsFinite(expected) && expected >= 0, $"E[Y(365) | {customer}] = {expected}");
        }

        // Alive and buying on half of its days, the heavy buyer's next year holds about half a year of purchase days.
        Assert.InRange(BgNbd.ExpectedPurchases(Published.BgNbd, new PurchaseSummary(5000, 9990, 10000), 365), 150, 183);
    }

    [Fact]
    public void Expected_purchases_are_continuous_through_a_equal_to_one()
    {
        var customer = new PurchaseSummary(3, 100, 200);
        double At(double a) => BgNbd.ExpectedPurchases(Published.BgNbd with { A = a }, customer, 365);

        var atOne = At(1);

        Assert.True(double.IsFinite(atOne));
        Assert.InRange(atOne, Math.Min(At(0.999), At(1.001)), Math.Max(At(0.999), At(1.001)));
    }

    [Fact]
    public void Expected_purchases_are_continuous_through_a_plus_b_equal_to_one()
    {
        // For x = 0 the third parameter of ₂F₁, a + b − 1, is 0 here: a pole that the formula's factor cancels.
        var customer = new PurchaseSummary(0, 0, 60);
        double At(double b) => BgNbd.ExpectedPurchases(Published.BgNbd with { A = 0.5, B = b }, customer, 365);

        var atHalf = At(0.5);

        Assert.True(double.IsFinite(atHalf));
        Assert.InRange(atHalf, At(0.499), At(0.501));
    }

    [Theory]
    [InlineData(-1, 0, 0, "Frequency")]
    [InlineData(1, double.NaN, 10, "RecencyDays")]
    [InlineData(1, -0.5, 10, "RecencyDays")]
    [InlineData(1, 5, double.PositiveInfinity, "AgeDays")]
    [InlineData(1, 11, 10, "RecencyDays")]
    public void Invalid_summaries_are_rejected_naming_the_field(int frequency, double recency, double age, string field)
    {
        var customer = new PurchaseSummary(frequency, recency, age);

        Assert.Contains(field, Assert.Throws<ArgumentException>(() => BgNbd.ProbabilityAlive(Published.BgNbd, customer)).Message);
        Assert.Contains(field, Assert.Throws<ArgumentException>(() => BgNbd.ExpectedPurchases(Published.BgNbd, customer, 30)).Message);
        Assert.Contains(field, Assert.Throws<ArgumentException>(() => BgNbd.LogLikelihood(Published.BgNbd, [customer])).Message);
    }

    [Fact]
    public void Invalid_parameters_and_horizons_are_rejected_naming_them()
    {
        var customer = new PurchaseSummary(1, 5, 10);

        Assert.Contains("Alpha", Assert.Throws<ArgumentException>(() => BgNbd.ProbabilityAlive(Published.BgNbd with { Alpha = 0 }, customer)).Message);
        Assert.Contains("B", Assert.Throws<ArgumentException>(() => BgNbd.ExpectedPurchases(Published.BgNbd with { B = double.NaN }, customer, 1)).Message);
        Assert.Equal("days", Assert.Throws<ArgumentException>(() => BgNbd.ExpectedPurchases(Published.BgNbd, customer, -1)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => BgNbd.ExpectedPurchases(new BgNbdParameters(1e-3, 1e-9, 1e8, 1e9), new PurchaseSummary(0, 0, 0), 365)).ParamName);
    }
}
