using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains;

/// <summary>
/// Where customers live in their ingest partition (ADR 0019, <see cref="ResidencyOptions.InPartition"/>): the grain
/// holds nothing and passes each call to the partition that holds the customer. It leaves memory after each call,
/// so an id addressed once (a read, a scheduler wake) costs nothing afterwards.
/// </summary>
public sealed partial class CustomerGrain
{
    /// <summary>The partition holding this customer; null where customers are grains of their own.</summary>
    private IIngestPartitionGrain? _partition;

    /// <summary>The customer's id within its tenant, as its partition knows it.</summary>
    private string CustomerId { get; set; } = "";

    private void StartForwarding()
    {
        var (tenant, customerId) = CustomerKey.Parse(_key);
        CustomerId = customerId;
        var partition = IngestPartitions.Of(customerId, residency.Value.Partitions);
        _partition = GrainFactory.GetGrain<IIngestPartitionGrain>(IngestPartitions.StreamKey(tenant, partition));
    }

    private async Task<T> Forwarded<T>(Task<T> call)
    {
        this.DeactivateOnIdle();
        return await call;
    }

    private async Task Forwarded(Task call)
    {
        this.DeactivateOnIdle();
        await call;
    }
}
