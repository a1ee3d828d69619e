namespace LifecycleActors.Grains;

/// <summary>
/// Where customers live while they are in memory (<c>Lifecycle:Residency</c>, ADR 0019): as state inside their ingest
/// partition (the default), or as grains of their own.
/// </summary>
public sealed class ResidencyOptions
{
    /// <summary>
    /// Customers live in their ingest partition (<see cref="CustomerShard"/>) and <see cref="CustomerGrain"/> only
    /// forwards calls to it (the default). False: each customer in memory is a grain of its own, as before ADR 0019.
    /// </summary>
    public bool InPartition { get; set; } = true;

    /// <summary>Customers one partition holds at most; past it the least recently used leave memory first.</summary>
    public int MaxPerPartition { get; set; } = 200_000;

    /// <summary>A resident customer unused this long leaves memory (set from the grains' collection age).</summary>
    public TimeSpan IdleAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Ingest partitions per tenant (set from the ingest options), to find a customer's partition.</summary>
    public int Partitions { get; set; } = 16;

    /// <summary>
    /// How often a partition looks for idle customers and for snapshots due: often enough for the idle age, and
    /// every tenth of the snapshot interval, as the silo's sweep of customer grains does.
    /// </summary>
    public TimeSpan SweepInterval(SnapshotOptions snapshots)
    {
        var forIdle = IdleAge < TimeSpan.FromMinutes(2) ? IdleAge / 2 : TimeSpan.FromMinutes(1);
        return forIdle < snapshots.Interval / 10 ? forIdle : snapshots.Interval / 10;
    }

    public string? Validate() =>
        MaxPerPartition < 1 ? "MaxPerPartition: must be 1 or more (customers a partition holds)" : null;
}
