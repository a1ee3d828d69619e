using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>The log-likelihood and its maximisation on populations drawn from the model.</summary>
public sealed class BgNbdFitTests
{
    private static readonly PurchaseSummary[] Population = new BgNbdSimulation(Published.BgNbd, seed: 20050401).Draw(20_000, dayGranularity: false);

    [Fact]
    public void Log_likelihood_matches_the_formula_written_out()
    {
        // For whole x, Γ(r + x)/Γ(r) and B(a, b + x)/B(a, b) are finite products: an independent evaluation.
        var (r, alpha, a, b) = Published.BgNbd;
        PurchaseSummary[] customers = [new(0, 0, 30), new(1, 12, 40), new(4, 20, 20), new(7, 150, 270)];
        double expected = 0;
        foreach (var (x, tx, age) in customers)
        {
            double gammaRatio = 1, betaRatio = 1;
            for (var i = 0; i < x; i++)
            {
                gammaRatio *= r + i;
                betaRatio *= (b + i) / (a + b + i);
            }

            var common = gammaRatio * Math.Pow(alpha, r);
            var survived = betaRatio * common / Math.Pow(alpha + age, r + x);
            var droppedOut = x == 0 ? 0 : betaRatio * a / (b + x - 1) * common / Math.Pow(alpha + tx, r + x);
            expected += Math.Log(survived + droppedOut);
        }

        Assert.Equal(expected, BgNbd.LogLikelihood(Published.BgNbd, customers), 1e-11);
    }

    [Fact]
    public void Log_likelihood_stays_finite_for_heavy_buyers_and_old_customers()
    {
        // A density in t_x, not a probability: ln L may be positive.
        PurchaseSummary[] customers = [new(100_000, 3e6, 3e6), new(20_000, 10, 1e8), new(0, 0, 1e12), new(3, 0, 0)];

        foreach (var customer in customers)
        {
            var logLikelihood = BgNbd.LogLikelihood(Published.BgNbd, [customer]);
            Assert.True(double.IsFinite(logLikelihood), $"ln L({customer}) = {logLikelihood}");
        }
    }

    [Fact]
    public void Changing_the_time_unit_shifts_the_log_likelihood_by_total_frequency_times_log_of_the_factor()
    {
        const double Factor = 7;
        var inWeeks = Array.ConvertAll(Population, c => c with { RecencyDays = c.RecencyDays / Factor, AgeDays = c.AgeDays / Factor });
        var weekly = Published.BgNbd with { Alpha = Published.BgNbd.Alpha / Factor };
        var totalFrequency = Population.Sum(c => c.Frequency);

        var days = BgNbd.LogLikelihood(Published.BgNbd, Population);
        var weeks = BgNbd.LogLikelihood(weekly, inWeeks);

        Assert.Equal(weeks, days + (totalFrequency * Math.Log(Factor)), 1e-8 * Math.Abs(days));
    }

    [Fact]
    public void Fit_recovers_the_parameters_the_population_was_drawn_from()
    {
        var fit = BgNbd.Fit(Population);

        Assert.Equal(Population.Length, fit.Customers);
        Published.Near(Published.BgNbd, fit.Parameters, 0.15);
        Assert.Equal(BgNbd.LogLikelihood(fit.Parameters, Population), fit.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
    }

    [Fact]
    public void Fit_is_a_maximum_of_the_likelihood()
    {
        var fit = BgNbd.Fit(Population);

        foreach (var factor in new[] { 0.999, 1.001 })
        {
            var p = fit.Parameters;
            foreach (var nearby in new[] { p with { R = p.R * factor }, p with { Alpha = p.Alpha * factor }, p with { A = p.A * factor }, p with { B = p.B * factor } })
            {
                Assert.True(BgNbd.LogLikelihood(nearby, Population) < fit.LogLikelihood, $"{nearby} beats the fit {p}");
            }
        }
    }

    [Fact]
    public void Fit_depends_only_on_the_summaries_not_their_order()
    {
        var shuffled = (PurchaseSummary[])Population.Clone();
        new Random(7).Shuffle(shuffled);

        Assert.Equal(BgNbd.Fit(Population), BgNbd.Fit(shuffled));
    }

    [Fact]
    public void Fit_in_weeks_and_in_days_agree_on_everything_but_the_scale_of_alpha()
    {
        var sample = Population[..3000];
        var inWeeks = Array.ConvertAll(sample, c => c with { RecencyDays = c.RecencyDays / 7, AgeDays = c.AgeDays / 7 });

        var days = BgNbd.Fit(sample).Parameters;
        var weeks = BgNbd.Fit(inWeeks).Parameters;

        Published.Near(days with { Alpha = days.Alpha / 7 }, weeks, 1e-5);
    }

    [Fact]
    public void Fit_needs_two_valid_customers()
    {
        Assert.Throws<ArgumentException>(() => BgNbd.Fit([new PurchaseSummary(1, 2, 3)]));
        var invalid = Assert.Throws<ArgumentException>(() => BgNbd.Fit([new PurchaseSummary(1, 2, 3), new PurchaseSummary(1, 4, 3)]));
        Assert.Contains("customers[1].RecencyDays", invalid.Message);
    }

    [Fact]
    public void A_population_that_never_repeats_fits_without_failing()
    {
        var fit = BgNbd.Fit([new PurchaseSummary(0, 0, 10), new PurchaseSummary(0, 0, 20), new PurchaseSummary(0, 0, 30)]);

        Assert.True(double.IsFinite(fit.LogLikelihood));
        var expected = BgNbd.ExpectedPurchases(fit.Parameters, new PurchaseSummary(0, 0, 0), 30);
        Assert.True(expected < 1e-3, $"a population that never repeats should predict next to no purchases, got {expected} from {fit.Parameters}");
    }
}
