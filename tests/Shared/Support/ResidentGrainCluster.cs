using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Tests.Support;

/// <summary>The same one-silo cluster with customers living in their ingest partition (ADR 0019).</summary>
public sealed class ResidentGrainCluster : GrainCluster
{
    protected override IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Lifecycle:Snapshots:EveryEvents"] = "5",
        ["Lifecycle:Residency:InPartition"] = "true",
    };

    /// <summary>The customer's partition leaves memory, and every customer it held with it.</summary>
    public override Task CustomerLeavesMemoryAsync(string tenant, string customerId)
    {
        var partitions = Silo.GetRequiredService<IOptions<ResidencyOptions>>().Value.Partitions;
        var partition = Grains.GetGrain<IIngestPartitionGrain>(IngestPartitions.StreamKey(tenant, IngestPartitions.Of(customerId, partitions)));
        return Cluster.DeactivateAsync(partition);
    }
}
