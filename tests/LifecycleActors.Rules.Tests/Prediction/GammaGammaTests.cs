using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

public sealed class GammaGammaTests
{
    private static readonly GammaGammaParameters Parameters = Published.GammaGamma;

    [Fact]
    public void Without_repeat_orders_the_expectation_is_the_population_mean()
    {
        var (p, q, gamma) = Parameters;

        Assert.Equal(p * gamma / (q - 1), GammaGamma.ExpectedOrderValue(Parameters, 0, 0), 1e-12);
        Assert.Equal(p * gamma / (q - 1), GammaGamma.ExpectedOrderValue(Parameters, 0, 500), 1e-12);
    }

    [Fact]
    public void The_expectation_moves_from_the_population_mean_towards_the_customer_mean_with_more_orders()
    {
        const double CustomerMean = 100;
        var populationMean = GammaGamma.ExpectedOrderValue(Parameters, 0, 0);
        var previous = populationMean;
        foreach (var orders in new[] { 1, 2, 5, 20, 1000 })
        {
            var expected = GammaGamma.ExpectedOrderValue(Parameters, orders, CustomerMean);
            Assert.True(expected > previous && expected < CustomerMean, $"E[M | {orders}, {CustomerMean}] = {expected}");
            previous = expected;
        }

        Assert.Equal(CustomerMean, previous, 0.5);
    }

    [Fact]
    public void A_finite_mean_needs_q_above_one()
    {
        Assert.Equal(double.PositiveInfinity, GammaGamma.ExpectedOrderValue(Parameters with { Q = 0.8 }, 0, 0));
        Assert.True(double.IsFinite(GammaGamma.ExpectedOrderValue(Parameters with { Q = 0.8 }, 1, 20)));
    }

    [Fact]
    public void Log_likelihood_matches_the_density_written_out_per_buyer()
    {
        (int Frequency, double MeanValue)[] buyers = [(1, 20), (2, 35.5), (2, 35.5), (7, 18), (1, 60)];
        var (p, q, gamma) = Parameters;
        double expected = 0;
        foreach (var (x, m) in buyers)
        {
            // f(m | x) = Γ(px + q)/(Γ(px)Γ(q)) · γ^q · m^(px − 1) · x^(px) / (γ + m·x)^(px + q)
            expected += SpecialFunctions.LogGamma((p * x) + q) - SpecialFunctions.LogGamma(p * x) - SpecialFunctions.LogGamma(q)
                + Math.Log(Math.Pow(gamma, q) * Math.Pow(m, (p * x) - 1) * Math.Pow(x, p * x) / Math.Pow(gamma + (m * x), (p * x) + q));
        }

        Assert.Equal(expected, new GammaGammaLikelihood(buyers).Evaluate(Parameters), 1e-10);
    }

    [Fact]
    public void Fit_recovers_the_parameters_spend_was_drawn_from()
    {
        var random = new Random(1729);
        var buyers = new (int, double)[5000];
        for (var i = 0; i < buyers.Length; i++)
        {
            // ν ~ Gamma(q, γ) (rate γ), each order ~ Gamma(p, ν); the mean of x orders is Gamma(p·x, ν·x).
            var frequency = 1 + random.Next(8);
            var nu = GammaVariate(random, Parameters.Q) / Parameters.Gamma;
            buyers[i] = (frequency, GammaVariate(random, Parameters.P * frequency) / (nu * frequency));
        }

        var fit = GammaGamma.Fit(buyers);

        Published.Near(Parameters.P, fit.P, 0.1, "p");
        Published.Near(Parameters.Q, fit.Q, 0.1, "q");
        Published.Near(Parameters.Gamma, fit.Gamma, 0.15, "γ");
    }

    [Fact]
    public void Fit_ignores_customers_without_repeat_orders_or_value()
    {
        (int, double)[] buyers = [(1, 20), (2, 35), (3, 18), (1, 60), (4, 25), (2, 12)];
        (int, double)[] withOthers = [.. buyers, (0, 0), (0, 50), (3, 0), (-1, 20)];

        Assert.Equal(GammaGamma.Fit(buyers), GammaGamma.Fit(withOthers));
    }

    [Fact]
    public void Fit_needs_two_repeat_buyers_and_finite_values()
    {
        Assert.Throws<ArgumentException>(() => GammaGamma.Fit([(1, 20), (0, 30), (2, 0)]));
        Assert.Contains("customers[1].MeanValue", Assert.Throws<ArgumentException>(() => GammaGamma.Fit([(1, 20), (2, double.NaN), (3, 5)])).Message);
        Assert.Contains("P", Assert.Throws<ArgumentException>(() => GammaGamma.ExpectedOrderValue(Parameters with { P = -1 }, 1, 1)).Message);
        Assert.Equal("meanValue", Assert.Throws<ArgumentException>(() => GammaGamma.ExpectedOrderValue(Parameters, 1, double.NaN)).ParamName);
    }

    private static double GammaVariate(Random random, double shape)
    {
        if (shape < 1)
        {
            return GammaVariate(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var v = 1 + (c * normal);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            if (Math.Log(1 - random.NextDouble()) < (0.5 * normal * normal) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }
}
