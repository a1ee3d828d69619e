namespace LifecycleActors.Rules.Population;

/// <summary>Tenant-level statistics that customers' rules take as inputs (contract §3, Cadence and VIP).</summary>
public static class PopulationFacts
{
    /// <summary>
    /// T = max(VipMinSpend, the VipQuantile quantile of spend365 over customers with spend365 &gt; 0). With fewer
    /// than VipMinPopulation such customers, T = VipMinSpend when that is positive, else null (nobody is VIP).
    /// </summary>
    public static decimal? VipThreshold(IEnumerable<decimal> spend365, RuleOptions options)
    {
        var positive = spend365.Where(s => s > 0).Order().ToArray();
        if (positive.Length < options.VipMinPopulation)
        {
            return options.VipMinSpend > 0 ? options.VipMinSpend : null;
        }

        return Math.Max(options.VipMinSpend, Quantile(positive, options.VipQuantile));
    }

    /// <summary>The median of customers' own expected gaps, or null with fewer than PopulationGapMinCustomers.</summary>
    public static double? PopulationGap(IEnumerable<double> ownExpectedGaps, RuleOptions options)
    {
        var gaps = ownExpectedGaps.Order().ToArray();
        if (gaps.Length < options.PopulationGapMinCustomers)
        {
            return null;
        }

        var middle = gaps.Length / 2;
        return gaps.Length % 2 == 1 ? gaps[middle] : (gaps[middle - 1] + gaps[middle]) / 2;
    }

    /// <summary>The q quantile of sorted values, interpolating linearly between order statistics.</summary>
    public static decimal Quantile(IReadOnlyList<decimal> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no values", nameof(sorted));
        }

        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var fraction = (decimal)(position - lower);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * fraction);
    }
}
