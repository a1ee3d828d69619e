namespace LifecycleActors.Grains;

/// <summary>
/// Where customers live while they are in memory (<c>Lifecycle:Residency</c>, ADR 0019): as grains of their own (the
/// default), or as state inside their ingest partition.
/// </summary>
public sealed class ResidencyOptions
{
    /// <summary>
    /// Customers live in their ingest partition (<see cref="CustomerShard"/>) and <see cref="CustomerGrain"/> only
    /// forwards calls to it. Step 2 of ADR 0019: measured, not yet the default.
    /// </summary>
    public bool InPartition { get; set; }

    /// <summary>Customers one partition holds at most; past it the least recently used leave memory first.</summary>
    public int MaxPerPartition { get; set; } = 200_000;

    /// <summary>A resident customer unused this long leaves memory (set from the grains' collection age).</summary>
    public TimeSpan IdleAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Ingest partitions per tenant (set from the ingest options), to find a customer's partition.</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>How often a partition looks for idle customers and for snapshots due.</summary>
    public TimeSpan SweepInterval => IdleAge < TimeSpan.FromMinutes(2) ? IdleAge / 2 : TimeSpan.FromMinutes(1);

    public string? Validate() =>
        MaxPerPartition < 1 ? "MaxPerPartition: must be 1 or more (customers a partition holds)" : null;
}
