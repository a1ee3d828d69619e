using LifecycleActors.Abstractions;
using LifecycleActors.Storage.ReadModel;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Grains.Scheduling;

/// <summary>
/// Where customers live in their ingest partition (ADR 0019): the due customers go to their partitions as batches,
/// one call per partition and batch instead of one per customer; the partitions wake side by side.
/// </summary>
public sealed partial class DueScanGrain
{
    /// <summary>Customers one partition is asked to wake in one call at most: as many as one batched snapshot write carries.</summary>
    private const int MaxWakeBatch = 500;

    private async Task<bool[]> WakeInPartitionsAsync(IReadOnlyList<DueCustomer> customers)
    {
        var partitions = residency.Value.Partitions;
        var failed = await Task.WhenAll(customers
            .Select(c => c.CustomerId)
            .GroupBy(id => IngestPartitions.Of(id, partitions))
            .Select(group => WakePartitionAsync(group.Key, [.. group])));
        var failedIds = failed.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
        return [.. customers.Select(c => !failedIds.Contains(c.CustomerId))];
    }

    /// <summary>Wakes one partition's due customers a batch at a time; answers the ids whose wake failed.</summary>
    private async Task<List<string>> WakePartitionAsync(int partition, string[] customerIds)
    {
        var grain = GrainFactory.GetGrain<IIngestPartitionGrain>(IngestPartitions.StreamKey(Tenant, partition));
        var failed = new List<string>();
        // A batch is one turn of the partition, its deliveries waiting behind it: MaxConcurrentWakes bounds it too.
        foreach (var batch in customerIds.Chunk(Math.Min(MaxWakeBatch, _options.MaxConcurrentWakes)))
        {
            try
            {
                failed.AddRange(await grain.WakeCustomersAsync(batch));
            }
            catch (Exception ex)
            {
                // They stay due, so the next pass tries again. Storage that cannot be reached is said once by the silo.
                StorageUnreachable.Log(logger, "Waking due customers", ex, e => LogPartitionWakeFailed(e, Tenant, partition, batch.Length));
                failed.AddRange(batch);
            }
        }

        return failed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking {Count} due customers of tenant {Tenant} in partition {Partition} failed; they are retried at the next pass")]
    private partial void LogPartitionWakeFailed(Exception exception, string tenant, int partition, int count);
}
