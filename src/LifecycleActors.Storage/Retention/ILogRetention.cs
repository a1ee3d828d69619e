namespace LifecycleActors.Storage.Retention;

/// <summary>
/// Removes old entries from the event log (ADR 0017): a customer's entries that occurred before a cutoff, once its
/// stored snapshot holds them, are replaced by one <see cref="HistorySummary"/> entry.
/// </summary>
public interface ILogRetention
{
    /// <summary>
    /// Summarises the entries of up to <paramref name="maxCustomers"/> of the tenant's customers that occurred before
    /// <paramref name="before"/> and that their snapshots hold, in one transaction; <see cref="RetentionPass.More"/>
    /// says whether more customers have such entries.
    /// </summary>
    Task<RetentionPass> SummariseAsync(string tenant, DateTimeOffset before, int maxCustomers, CancellationToken cancellationToken);
}

/// <summary>What one call of <see cref="ILogRetention.SummariseAsync"/> did.</summary>
public sealed record RetentionPass(int Customers, int EntriesRemoved, bool More);
