namespace LifecycleActors.Abstractions;

/// <summary>
/// Receives one ingest stream (key <c>tenant/partition</c>) and hands each customer its events. Where customers live
/// in their partition (ADR 0019, <c>Lifecycle:Residency:InPartition</c>), it also takes the calls for one customer
/// that <see cref="ICustomerGrain"/> forwards to it; the methods mirror that interface's.
/// </summary>
[Alias("lifecycle.IIngestPartitionGrain")]
public interface IIngestPartitionGrain : IGrainWithStringKey
{
    /// <summary>Events of one customer handed to it directly rather than by the stream (a redelivery).</summary>
    [Alias("Deliver")]
    Task DeliverCustomerAsync(string customerId, IReadOnlyList<LoggedEvent> events);

    [Alias("Get")]
    Task<CustomerProfile?> GetCustomerAsync(string customerId);

    [Alias("CatchUp")]
    Task CatchUpCustomerAsync(string customerId);

    [Alias("SnapshotIfDirty")]
    Task SnapshotCustomerIfDirtyAsync(string customerId);

    [Alias("Wake")]
    Task WakeCustomerAsync(string customerId);

    /// <summary>The scheduler's wakes for customers of this partition, as one call; answers the ids whose wake failed.</summary>
    [Alias("WakeMany")]
    Task<string[]> WakeCustomersAsync(string[] customerIds);

    [Alias("ReferrerRegistered")]
    Task ReferrerRegisteredAsync(string customerId, string referrerCustomerId);

    [Alias("ReferralConverted")]
    Task ReferralConvertedAsync(string customerId, string referredCustomerId);

    [Alias("Erase")]
    Task EraseCustomerAsync(string customerId, DateTimeOffset erasedBefore);

    [Alias("ForgetCustomer")]
    Task ForgetCustomerAsync(string customerId, string forgottenCustomerId, string pseudonym);
}
