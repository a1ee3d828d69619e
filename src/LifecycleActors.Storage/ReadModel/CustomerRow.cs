namespace LifecycleActors.Storage.ReadModel;

/// <summary>One customer in the projection, as a grain writes it behind.</summary>
/// <param name="EventsApplied">Entries of this customer's own log applied (merged entries of linked anonymous ids are counted by their own rows).</param>
/// <param name="LinkedAnonymousIds">
/// Anonymous ids whose events this customer has merged (ADR 0013): written in the same commit as the row, and left out
/// of listings and stats from then on.
/// </param>
public sealed record CustomerRow(
    string Tenant,
    string CustomerId,
    string Stage,
    bool Vip,
    bool Advocate,
    decimal NetSpend,
    decimal Spend365,
    int EventsApplied,
    long AppliedPosition,
    long SnapshotPosition,
    DateTimeOffset? NextChangeAt,
    DateTimeOffset UpdatedAt,
    string ViewJson,
    PopulationInputs Population,
    IReadOnlyList<string>? LinkedAnonymousIds = null);

/// <summary>
/// What a customer contributes to the tenant's population facts and prediction model: its spend365, its own mean
/// gap (null with no gap), its purchase days (count, first, last as day numbers) and the mean net spend of its
/// purchase days after the first (null with one purchase day).
/// </summary>
public sealed record PopulationInputs(decimal Spend365, double? OwnGapDays, int PurchaseDays, int? FirstPurchaseDay, int? LastPurchaseDay, double? RepeatMeanValue)
{
    public static readonly PopulationInputs None = new(0m, null, 0, null, null, null);
}

/// <summary>Counts for <c>GET /api/v1/stats</c>.</summary>
public sealed record TenantStats(long Customers, IReadOnlyDictionary<string, long> Stages, long Vip, long Advocate, long EventsApplied);

/// <summary>
/// A customer whose log has entries beyond what its grain has applied (or snapshotted); every entry of it up to
/// <paramref name="Through"/> is applied (or snapshotted).
/// </summary>
public sealed record LaggingCustomer(string Tenant, string CustomerId, long Through, long LastPosition, DateTimeOffset LastReceivedAt);

/// <summary>
/// A page of lagging customers, and how far every lagging customer, on the page or not, has applied (or
/// snapshotted) all its entries: the lowest <see cref="LaggingCustomer.Through"/> of them all, null when none lags.
/// </summary>
public sealed record LaggingCustomers(IReadOnlyList<LaggingCustomer> Page, long? Through);

/// <summary>A customer with a time-driven change due (UTC ticks), as the scheduler pages through them.</summary>
public sealed record DueCustomer(string CustomerId, long DueTicks);
