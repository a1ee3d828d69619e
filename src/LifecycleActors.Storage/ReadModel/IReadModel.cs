using LifecycleActors.Abstractions;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>Queries over the customers projection and the transitions table.</summary>
public interface IReadModel
{
    /// <summary>
    /// Customers of a tenant that pass <paramref name="filter"/>, ordered by id, after <paramref name="afterCustomerId"/>;
    /// each as its view JSON. Keyset paging: a caller streams every match by passing the last id it got.
    /// </summary>
    Task<IReadOnlyList<string>> ListAsync(string tenant, CustomerFilter filter, string? afterCustomerId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The next <paramref name="chunk"/> customers of the tenant by id after <paramref name="afterCustomerId"/>, of which
    /// those that pass <paramref name="filter"/> are returned as their view JSON; <c>LastScanned</c> is the id to continue
    /// after, null once none are left. Each call reads a bounded range of the primary key whatever the filter, so a whole
    /// segment streams in one pass over the tenant's customers (the CSV export).
    /// </summary>
    Task<(IReadOnlyList<string> Views, string? LastScanned)> ScanAsync(
        string tenant, CustomerFilter filter, string? afterCustomerId, int chunk, CancellationToken cancellationToken);

    Task<TenantStats> StatsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>A customer's transitions, newest first, strictly before the cursor (At = transition time, Order = sequence).</summary>
    Task<IReadOnlyList<TransitionRecord>> TransitionsAsync(string tenant, string customerId, TimelineCursor? before, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Customers with log entries after <paramref name="checkpoint"/> that their grain has not applied
    /// (<paramref name="bySnapshot"/> false) or not snapshotted (true), among entries received up to
    /// <paramref name="receivedBefore"/>: at most <paramref name="limit"/> of them, and how far all of them are applied.
    /// </summary>
    Task<LaggingCustomers> FindLaggingAsync(long checkpoint, bool bySnapshot, DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the tenant's customers whose next time-driven change is due at or before <paramref name="now"/>,
    /// ordered by due time then id, strictly after <paramref name="after"/>.
    /// </summary>
    Task<IReadOnlyList<DueCustomer>> FindDueAsync(string tenant, DateTimeOffset now, DueCustomer? after, int limit, CancellationToken cancellationToken);

    /// <summary>How many of the tenant's customers are due at or before <paramref name="now"/>.</summary>
    Task<long> CountDueAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every customer of the tenant that has placed an order, as the population facts and the model see it.</summary>
    Task<IReadOnlyList<PopulationInputs>> ReadPopulationAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Makes due at <paramref name="at"/> (unless due sooner) the customers whose VIP flag may change under a new
    /// threshold: every VIP (its spend may have aged since its row was written) and everyone at or above it.
    /// </summary>
    Task<int> MarkVipCandidatesDueAsync(string tenant, decimal? threshold, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Makes due at <paramref name="at"/> (unless due sooner) the customers with one purchase day, whose cadence is the population gap.</summary>
    Task<int> MarkGapBorrowersDueAsync(string tenant, DateTimeOffset at, CancellationToken cancellationToken);

    Task SaveTenantModelAsync(string tenant, DateTimeOffset fittedAt, string modelJson, CancellationToken cancellationToken);

    /// <summary>Every tenant's stored model JSON.</summary>
    Task<IReadOnlyDictionary<string, string>> ReadTenantModelsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds every customer's log entries up to <paramref name="through"/> (a position all appends below have reached)
    /// to its logged count, so that <see cref="FindLaggingAsync"/> counts only the entries after it.
    /// </summary>
    Task CountLoggedAsync(long through, CancellationToken cancellationToken);

    Task<long> ReadCheckpointAsync(string name, CancellationToken cancellationToken);

    Task WriteCheckpointAsync(string name, long value, CancellationToken cancellationToken);
}
