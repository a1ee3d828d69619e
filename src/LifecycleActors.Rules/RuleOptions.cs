namespace LifecycleActors.Rules;

/// <summary>
/// The rule constants of contract §3, bound from <c>Lifecycle:Rules</c>. Defaults are the specification's.
/// </summary>
public sealed record RuleOptions
{
    public double DefaultGapDays { get; init; } = 30;

    public double LapseFactor { get; init; } = 2.5;

    public double LapseMinDays { get; init; } = 21;

    public double LapseMaxDays { get; init; } = 365;

    public double AtRiskFraction { get; init; } = 0.6;

    public double ChurnGraceDays { get; init; } = 180;

    /// <summary>Expected gap = mean of at most this many most recent gaps.</summary>
    public int CadenceGaps { get; init; } = 10;

    public double SpendWindowDays { get; init; } = 365;

    public decimal VipExitRatio { get; init; } = 0.8m;

    public double VipQuantile { get; init; } = 0.95;

    public decimal VipMinSpend { get; init; }

    public int VipMinPopulation { get; init; } = 50;

    /// <summary>The population gap is used once at least this many customers have a gap of their own.</summary>
    public int PopulationGapMinCustomers { get; init; } = 30;

    public double AdvocacyWindowDays { get; init; } = 180;

    public int AdvocatePoints { get; init; } = 3;

    public int NpsDetractorMax { get; init; } = 6;

    public int NpsPromoterMin { get; init; } = 9;

    public double EngagementHalfLifeDays { get; init; } = 14;

    /// <summary>
    /// Orders placed more than this many days before a customer's newest event are folded into totals
    /// (see <see cref="State.CustomerState"/>). Must exceed <see cref="SpendWindowDays"/>.
    /// </summary>
    public double OrderDetailDays { get; init; } = 400;

    /// <summary>At most this many referrals are kept per customer (the newest).</summary>
    public int MaxTrackedReferrals { get; init; } = 64;

    /// <summary>At most this many referrers are remembered by a referred customer awaiting a first order.</summary>
    public int MaxTrackedReferrers { get; init; } = 16;

    /// <summary>Returns the first invalid option as "Name: problem", or null when all are valid.</summary>
    public string? Validate()
    {
        if (DefaultGapDays <= 0) return $"{nameof(DefaultGapDays)}: must be > 0";
        if (LapseFactor <= 0) return $"{nameof(LapseFactor)}: must be > 0";
        if (LapseMinDays <= 0) return $"{nameof(LapseMinDays)}: must be > 0";
        if (LapseMaxDays < LapseMinDays) return $"{nameof(LapseMaxDays)}: must be >= {nameof(LapseMinDays)}";
        if (AtRiskFraction is <= 0 or >= 1) return $"{nameof(AtRiskFraction)}: must be in (0, 1)";
        if (ChurnGraceDays < 0) return $"{nameof(ChurnGraceDays)}: must be >= 0";
        if (CadenceGaps < 1) return $"{nameof(CadenceGaps)}: must be >= 1";
        if (SpendWindowDays <= 0) return $"{nameof(SpendWindowDays)}: must be > 0";
        if (VipExitRatio is <= 0 or > 1) return $"{nameof(VipExitRatio)}: must be in (0, 1]";
        if (VipQuantile is <= 0 or >= 1) return $"{nameof(VipQuantile)}: must be in (0, 1)";
        if (VipMinSpend < 0) return $"{nameof(VipMinSpend)}: must be >= 0";
        if (VipMinPopulation < 1) return $"{nameof(VipMinPopulation)}: must be >= 1";
        if (PopulationGapMinCustomers < 1) return $"{nameof(PopulationGapMinCustomers)}: must be >= 1";
        if (AdvocacyWindowDays <= 0) return $"{nameof(AdvocacyWindowDays)}: must be > 0";
        if (AdvocatePoints < 1) return $"{nameof(AdvocatePoints)}: must be >= 1";
        if (NpsDetractorMax is < 0 or > 10) return $"{nameof(NpsDetractorMax)}: must be in 0..10";
        if (NpsPromoterMin is < 0 or > 10) return $"{nameof(NpsPromoterMin)}: must be in 0..10";
        if (EngagementHalfLifeDays <= 0) return $"{nameof(EngagementHalfLifeDays)}: must be > 0";
        if (OrderDetailDays <= SpendWindowDays) return $"{nameof(OrderDetailDays)}: must be > {nameof(SpendWindowDays)}";
        if (MaxTrackedReferrals < 1) return $"{nameof(MaxTrackedReferrals)}: must be >= 1";
        if (MaxTrackedReferrers < 1) return $"{nameof(MaxTrackedReferrers)}: must be >= 1";
        return null;
    }
}
