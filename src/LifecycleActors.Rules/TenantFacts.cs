namespace LifecycleActors.Rules;

/// <summary>
/// Population facts of a tenant that individual customers' rules depend on. Computed by the tenant
/// (see <see cref="Population.PopulationFacts"/>) and handed to every evaluation.
/// </summary>
/// <param name="VipThreshold">T of contract §3; null means nobody is VIP.</param>
/// <param name="PopulationGapDays">The tenant's median expected gap; null until enough customers have a gap.</param>
public sealed record TenantFacts(decimal? VipThreshold, double? PopulationGapDays)
{
    public static readonly TenantFacts None = new(null, null);

    /// <summary>Where T comes from, for reasons ("top 5 %"); null when it is the configured minimum.</summary>
    public string? VipBasis { get; init; }

    /// <summary>The tenant's fitted prediction model; null until it has one.</summary>
    public Prediction.PredictionModel? Prediction { get; init; }
}
