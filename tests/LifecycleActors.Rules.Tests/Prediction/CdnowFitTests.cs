using LifecycleActors.Rules.Prediction;

namespace LifecycleActors.Rules.Tests.Prediction;

/// <summary>
/// The published CDNOW fits (Fader, Hardie &amp; Lee 2005), from ../shared/data. Log-likelihoods are compared in weeks:
/// measuring time in days multiplies α, t_x and T by 7, which changes each customer's ln L by −x·ln 7 and nothing else,
/// so ln L(weeks) = ln L(days) + Σx·ln 7.
/// </summary>
public sealed class CdnowFitTests
{
    private static PurchaseSummary[] FromTransactions()
    {
        var summaries = Cdnow.CalibrationPurchaseDays(TestContext.Current.CancellationToken).Select(Cdnow.Summarise).ToArray();
        Assert.Equal(Cdnow.Customers, summaries.Length);
        return summaries;
    }

    private static PurchaseSummary[] FromSummaryFileInDays() =>
        [.. Cdnow.SummaryFile(TestContext.Current.CancellationToken).Select(row =>
            new PurchaseSummary(row.Frequency, row.RecencyWeeks * Cdnow.DaysPerWeek, row.AgeWeeks * Cdnow.DaysPerWeek))];

    private static double InWeeks(double logLikelihoodInDays, IEnumerable<PurchaseSummary> customers) =>
        logLikelihoodInDays + (customers.Sum(c => c.Frequency) * Math.Log(Cdnow.DaysPerWeek));

    [Fact]
    public void Fit_on_day_summaries_of_the_transactions_reproduces_the_published_parameters()
    {
        var customers = FromTransactions();

        var fit = BgNbd.Fit(customers);

        Report(fit, customers);
        Published.Near(Published.BgNbd, fit.Parameters, 0.01);
        Assert.Equal(Published.LogLikelihoodInWeeks, InWeeks(fit.LogLikelihood, customers), 0.05);
    }

    [Fact]
    public void Fit_on_the_published_summary_file_agrees()
    {
        var customers = FromSummaryFileInDays();

        var fit = BgNbd.Fit(customers);

        Report(fit, customers);
        Published.Near(Published.BgNbd, fit.Parameters, 0.01);
        Assert.Equal(Published.LogLikelihoodInWeeks, InWeeks(fit.LogLikelihood, customers), 0.05);
        Published.Near(BgNbd.Fit(FromTransactions()).Parameters, fit.Parameters, 1e-3);
    }

    [Fact]
    public void The_summary_file_is_the_transactions_summarised_at_day_granularity()
    {
        var fromTransactions = FromTransactions();
        var fromFile = FromSummaryFileInDays();

        Assert.Equal(fromFile.Length, fromTransactions.Length);
        for (var i = 0; i < fromFile.Length; i++)
        {
            Assert.Equal(fromFile[i].Frequency, fromTransactions[i].Frequency);
            Assert.Equal(fromFile[i].RecencyDays, fromTransactions[i].RecencyDays, 0.005 * Cdnow.DaysPerWeek);
            Assert.Equal(fromFile[i].AgeDays, fromTransactions[i].AgeDays, 0.005 * Cdnow.DaysPerWeek);
        }
    }

    [Fact]
    public void Gamma_gamma_on_the_repeat_buyers_of_the_summary_file_reproduces_the_published_parameters()
    {
        var buyers = Cdnow.SummaryFile(TestContext.Current.CancellationToken).Select(row => (row.Frequency, row.MeanValue)).ToArray();
        Assert.Equal(Cdnow.RepeatBuyers, buyers.Count(b => b.Frequency > 0));

        AssertPublished(GammaGamma.Fit(buyers));
    }

    [Fact]
    public void Gamma_gamma_on_the_repeat_purchase_days_of_the_transactions_reproduces_the_published_parameters()
    {
        var buyers = Cdnow.CalibrationPurchaseDays(TestContext.Current.CancellationToken)
            .Select(days => (days.Count - 1, Cdnow.MeanRepeatValue(days)))
            .ToArray();

        AssertPublished(GammaGamma.Fit(buyers));
    }

    private static void Report(BgNbdFit fit, PurchaseSummary[] customers) =>
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{fit.Parameters} (α = {fit.Parameters.Alpha / Cdnow.DaysPerWeek} weeks), ln L = {fit.LogLikelihood} in days, {InWeeks(fit.LogLikelihood, customers)} in weeks");

    private static void AssertPublished(GammaGammaParameters fit)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(fit.ToString());
        Published.Near(Published.GammaGamma.P, fit.P, 0.01, "p");
        Published.Near(Published.GammaGamma.Q, fit.Q, 0.01, "q");
        Published.Near(Published.GammaGamma.Gamma, fit.Gamma, 0.01, "γ");
    }
}
