using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>Where a customer's expected gap comes from.</summary>
public enum GapSource
{
    /// <summary>The mean of the customer's own most recent gaps.</summary>
    Own,

    /// <summary>The tenant's population gap (median over customers with a gap).</summary>
    Population,

    /// <summary>The configured default.</summary>
    Default,
}

/// <summary>A customer's purchase cadence and the recency thresholds derived from it (contract §3, Cadence).</summary>
public readonly record struct Cadence(double ExpectedGapDays, GapSource Source, double LapseDays, double AtRiskDays, double ChurnDays)
{
    public TimeSpan AtRisk => Days.Span(AtRiskDays);

    public TimeSpan Lapse => Days.Span(LapseDays);

    public TimeSpan Churn => Days.Span(ChurnDays);

    public static Cadence Of(CustomerState state, TenantFacts facts, RuleOptions options)
    {
        var days = state.PurchaseDays;
        double gap;
        GapSource source;
        if (days.Count >= 2)
        {
            var gaps = Math.Min(options.CadenceGaps, days.Count - 1);
            gap = (days[^1].Day - days[^(1 + gaps)].Day) / (double)gaps;
            source = GapSource.Own;
        }
        else if (facts.PopulationGapDays is { } population)
        {
            gap = population;
            source = GapSource.Population;
        }
        else
        {
            gap = options.DefaultGapDays;
            source = GapSource.Default;
        }

        var lapse = Math.Clamp(options.LapseFactor * gap, options.LapseMinDays, options.LapseMaxDays);
        return new Cadence(gap, source, lapse, options.AtRiskFraction * lapse, lapse + options.ChurnGraceDays);
    }
}
