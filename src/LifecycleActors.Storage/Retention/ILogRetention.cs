namespace LifecycleActors.Storage.Retention;

/// <summary>
/// Removes old entries from the event log (ADR 0017): a customer's entries that occurred before a cutoff, once its
/// stored snapshot holds them, are replaced by one <see cref="HistorySummary"/> entry.
/// </summary>
public interface ILogRetention
{
    /// <summary>
    /// Summarises the entries that occurred before <paramref name="before"/> and that their snapshots hold, of the next
    /// (at most <paramref name="maxCustomers"/>) of the tenant's customers in id order after
    /// <paramref name="afterCustomer"/>, in one short transaction. A pass starts with null and goes on from
    /// <see cref="RetentionPass.Next"/> until that is null.
    /// </summary>
    Task<RetentionPass> SummariseAsync(string tenant, DateTimeOffset before, string? afterCustomer, int maxCustomers, CancellationToken cancellationToken);
}

/// <summary>What one call of <see cref="ILogRetention.SummariseAsync"/> did, and where the next goes on (null: nothing is left).</summary>
public sealed record RetentionPass(int Customers, int EntriesRemoved, string? Next);
