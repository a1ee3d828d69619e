using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Prediction;

/// <summary>
/// A customer's prediction at an instant (contract §3, Prediction): x = purchase days − 1, t_x = days from the first to
/// the last purchase day, T = days from the first purchase day to now; the value of a purchase day from
/// Gamma-Gamma over the customer's repeat purchase days.
/// </summary>
internal static class PredictionRule
{
    public static CustomerPrediction? At(CustomerState state, TenantFacts facts, DateTimeOffset now)
    {
        var days = state.PurchaseDays;
        if (facts.Prediction is not { } model || days.Count == 0)
        {
            return null;
        }

        var first = new DateTimeOffset(DateOnly.FromDayNumber(days[0].Day), TimeOnly.MinValue, TimeSpan.Zero);
        var recency = (double)(days[^1].Day - days[0].Day);
        var summary = new PurchaseSummary(days.Count - 1, recency, Math.Max(recency, (now - first).TotalDays));
        var expected365 = BgNbd.ExpectedPurchases(model.BgNbd, summary, 365);
        decimal? clv = null;
        if (model.GammaGamma is { } gammaGamma)
        {
            // Infinite when the fitted q ≤ 1 and the customer has no repeat purchase: no finite expectation to show.
            var value = GammaGamma.ExpectedOrderValue(gammaGamma, summary.Frequency, PurchaseHistory.RepeatMeanValue(days) ?? 0);
            var total = expected365 * value;
            clv = double.IsFinite(total) && Math.Abs(total) < 1e15 ? Math.Round((decimal)total, 2) : null;
        }

        return new CustomerPrediction(
            Math.Round(BgNbd.ProbabilityAlive(model.BgNbd, summary), 4),
            Math.Round(BgNbd.ExpectedPurchases(model.BgNbd, summary, 90), 4),
            clv);
    }
}
