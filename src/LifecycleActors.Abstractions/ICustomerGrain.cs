namespace LifecycleActors.Abstractions;

/// <summary>One customer of one tenant; key: <see cref="CustomerKey"/>.</summary>
[Alias("lifecycle.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>The customer's state now, or null when no event of it was ever accepted.</summary>
    [Alias("Get")]
    Task<CustomerProfile?> GetAsync();

    /// <summary>Applies accepted events (from the ingest stream); log positions already applied are skipped.</summary>
    [Alias("Deliver")]
    Task DeliverAsync(IReadOnlyList<LoggedEvent> events);

    /// <summary>Reads the event log for anything not applied yet, applies it and writes a snapshot.</summary>
    [Alias("CatchUp")]
    Task CatchUpAsync();

    /// <summary>Writes a snapshot if the customer holds changes its snapshot lacks (the silo's periodic sweep).</summary>
    [Alias("SnapshotIfDirty")]
    Task SnapshotIfDirtyAsync();

    /// <summary>
    /// The scheduler's call when this customer's next time-driven change is due: brings the customer to the
    /// tenant's current time (publishing what changed) and refreshes its due time. Idempotent.
    /// </summary>
    [Alias("Wake")]
    Task WakeAsync();

    /// <summary>A customer of the same tenant says it referred this one.</summary>
    [Alias("ReferrerRegistered")]
    Task ReferrerRegisteredAsync(string referrerCustomerId);

    /// <summary>A customer this one referred has placed an order.</summary>
    [Alias("ReferralConverted")]
    Task ReferralConvertedAsync(string referredCustomerId);

    /// <summary>
    /// The customer is being erased (ADR 0016): its live state is dropped without a snapshot, the activation goes, and
    /// events that occurred before <paramref name="erasedBefore"/> are not applied again.
    /// </summary>
    [Alias("Erase")]
    Task EraseAsync(DateTimeOffset erasedBefore);

    /// <summary>
    /// Another customer of the tenant was erased: its id leaves this customer's state and outbox (referrals it counted
    /// keep their weight under <paramref name="pseudonym"/>), and the stored snapshot is rewritten without it.
    /// </summary>
    [Alias("ForgetCustomer")]
    Task ForgetCustomerAsync(string customerId, string pseudonym);
}
