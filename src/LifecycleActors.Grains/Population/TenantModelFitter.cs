using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Population;
using LifecycleActors.Rules.Prediction;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Grains.Population;

/// <summary>Computes a tenant's population facts and, with enough buyers, its prediction model from its customers.</summary>
public static class TenantModelFitter
{
    public static TenantModel Fit(IReadOnlyList<PopulationInputs> population, RuleOptions options, int minPredictionCustomers, DateTimeOffset fittedAt)
    {
        BgNbdModel? bgnbd = null;
        GammaGammaModel? gammaGamma = null;
        if (population.Count >= minPredictionCustomers)
        {
            var fit = BgNbd.Fit([.. population.Select(c => SummaryOf(c, fittedAt))]);
            var p = fit.Parameters;
            bgnbd = new BgNbdModel(p.R, p.Alpha, p.A, p.B, fit.LogLikelihood);
            var repeatBuyers = population
                .Where(c => c.PurchaseDays > 1 && c.RepeatMeanValue > 0)
                .Select(c => (c.PurchaseDays - 1, c.RepeatMeanValue!.Value))
                .ToList();
            if (repeatBuyers.Count >= 2)
            {
                var g = GammaGamma.Fit(repeatBuyers);
                gammaGamma = new GammaGammaModel(g.P, g.Q, g.Gamma);
            }
        }

        return new(
            population.Count,
            fittedAt,
            bgnbd,
            gammaGamma,
            PopulationFacts.VipThreshold(population.Select(c => c.Spend365), options) is { } threshold ? Math.Round(threshold, 2) : null,
            PopulationFacts.PopulationGap(population.Where(c => c.OwnGapDays is not null).Select(c => c.OwnGapDays!.Value), options));
    }

    /// <summary>x = purchase days − 1, t_x = days from the first to the last purchase day, T = days from the first to now.</summary>
    public static PurchaseSummary SummaryOf(PopulationInputs customer, DateTimeOffset now)
    {
        var first = customer.FirstPurchaseDay!.Value;
        var recency = (double)(customer.LastPurchaseDay!.Value - first);
        var start = new DateTimeOffset(DateOnly.FromDayNumber(first), TimeOnly.MinValue, TimeSpan.Zero);
        return new PurchaseSummary(customer.PurchaseDays - 1, recency, Math.Max(recency, (now - start).TotalDays));
    }

    /// <summary>The facts customers evaluate their rules with, from a model (or from configuration before the first one).</summary>
    public static TenantFacts FactsOf(TenantModel? model, RuleOptions options) =>
        model is null
            ? new TenantFacts(options.VipMinSpend > 0 ? options.VipMinSpend : null, null)
            : new TenantFacts(model.VipThreshold, model.PopulationGapDays)
            {
                VipBasis = model.VipThreshold > options.VipMinSpend
                    ? $"top {(1 - options.VipQuantile) * 100:0.#} %"
                    : null,
                Prediction = model.Bgnbd is { } b
                    ? new PredictionModel(
                        new BgNbdParameters(b.R, b.Alpha, b.A, b.B),
                        model.GammaGamma is { } g ? new GammaGammaParameters(g.P, g.Q, g.Gamma) : null)
                    : null,
            };
}
