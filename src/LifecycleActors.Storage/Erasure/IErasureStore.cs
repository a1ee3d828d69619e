namespace LifecycleActors.Storage.Erasure;

/// <summary>
/// Erasure jobs (ADR 0016). A job is requested, then carried out in steps that are each safe to repeat: the log step
/// (tombstones in, the customer's log entries and identity links out, others' mentions of it pseudonymised) under the
/// append lock, then the other stores. It is done once no store holds the customer any more.
/// </summary>
public interface IErasureStore
{
    /// <summary>Records a pending erasure; the customer's pending erasure if it has one already.</summary>
    Task<ErasureRecord> RequestAsync(string tenant, string customerId, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// After a backup from before some erasures is restored (with the live tombstones loaded into it): every id the log
    /// holds with events from before its tombstone's instant gets an erasure again, of that same past, requested by
    /// <see cref="ErasureRecord.RequestedByRestore"/>; answers how many were requested. Cheap for a tenant without
    /// tombstones.
    /// </summary>
    Task<int> ReapplyAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The tenant's erasure, or null (also for another tenant's id).</summary>
    Task<ErasureRecord?> FindAsync(string tenant, string erasureId, CancellationToken cancellationToken);

    /// <summary>The tenant's erasures (with the status, if given), newest first: the audit trail.</summary>
    Task<IReadOnlyList<ErasureRecord>> ListAsync(string tenant, string? status, int limit, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="limit"/> pending erasures that no silo holds, for <paramref name="lease"/>.</summary>
    Task<IReadOnlyList<ErasureRecord>> ClaimPendingAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>The log step, in the append lock's order: from its commit on, no append brings the customer's past back.</summary>
    Task SealLogAsync(ErasureRecord erasure, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the stored snapshots of the customer and its linked ids, right after the log step: from then on a new
    /// activation finds nothing to start from, and an activation that still holds the old state cannot write it back
    /// (its write expects the row it read).
    /// </summary>
    Task RemoveSnapshotsAsync(ErasureRecord erasure, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the customer from the read model, the campaign and task stores, the connector stores and the grain
    /// snapshots (campaign entries and tasks keep their counts under a pseudonym), and marks its KPI cells for
    /// recomputation; counts what it removed.
    /// </summary>
    Task RemoveRowsAsync(ErasureRecord erasure, CancellationToken cancellationToken);

    /// <summary>The tables that still hold the customer (empty once the erasure is complete).</summary>
    Task<IReadOnlyList<string>> TracesAsync(ErasureRecord erasure, CancellationToken cancellationToken);

    /// <summary>Marks the erasure done and forgets the customer id it held.</summary>
    Task FinishAsync(ErasureRecord erasure, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// An erasure: <see cref="CustomerId"/> is known only while it is pending; <see cref="Counts"/> are the rows removed or
/// pseudonymised per store.
/// </summary>
public sealed record ErasureRecord(
    string ErasureId,
    string Tenant,
    string? CustomerId,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset ErasedBefore,
    string Status,
    bool Sealed,
    IReadOnlyDictionary<string, long> Counts,
    DateTimeOffset? FinishedAt)
{
    public const string Pending = "pending";

    public const string Done = "done";

    /// <summary>Who asked for an erasure applied again after a restore (<see cref="IErasureStore.ReapplyAsync"/>).</summary>
    public const string RequestedByRestore = "restore";

    /// <summary>What the log step found to work on; known, like the customer id, only while the erasure is pending.</summary>
    public ErasureWorkingSet Working { get; init; } = ErasureWorkingSet.Empty;

    /// <summary>Every id the erasure removes, the customer's first, then the anonymous ids linked to it; none once done.</summary>
    public IReadOnlyList<string> Ids => CustomerId is null ? [] : [CustomerId, .. Working.Linked];
}

/// <summary>
/// What an erasure works on beside the customer: the anonymous ids linked to it (erased with it), the customers in a
/// referral with it (who forget it), and the pseudonym that stands in for each erased id where a count must survive.
/// </summary>
public sealed record ErasureWorkingSet(IReadOnlyList<string> Linked, IReadOnlyList<string> Related, IReadOnlyDictionary<string, string> Pseudonyms)
{
    public static readonly ErasureWorkingSet Empty = new([], [], new Dictionary<string, string>());
}
