using LifecycleActors.Rules.Kpis;

namespace LifecycleActors.Storage.Kpis;

/// <summary>
/// The KPI store (ADR 0014): every customer's KPI cells and the tenant's sums of them, kept up to date with the log
/// and the transitions by <see cref="CatchUpAsync"/>, so that the figures of any range are read from the sums.
/// </summary>
public interface IKpiStore
{
    /// <summary>
    /// One pass: notes the customers of the log entries appended since the last pass, then recomputes the cells of
    /// pending customers (those noted, and those with new transitions) until none is left or <paramref name="budget"/>
    /// is spent. Returns the customers recomputed. Safe to run on several silos at once; within one process passes take
    /// turns, and one that cannot start within its budget does nothing.
    /// </summary>
    Task<int> CatchUpAsync(Func<string, TimeZoneInfo> zoneOf, TimeSpan budget, CancellationToken cancellationToken);

    /// <summary>The tenant's sums and how many of its customers are still pending (their latest changes not yet in the sums).</summary>
    Task<(KpiTotals Totals, long Pending)> ReadTotalsAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// The whole history the KPIs are defined on (contract §6, KPIs): orders, refunds and NPS answers from the log,
    /// customers' first events and stored transitions, linked anonymous ids (ADR 0013) counted as their customer.
    /// Read by the checks and the harness, not by requests.
    /// </summary>
    Task<KpiHistory> ReadKpiHistoryAsync(string tenant, CancellationToken cancellationToken);
}
