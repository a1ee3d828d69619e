using LifecycleActors.Grains.Hosting;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// When a tenant's stats may be read again: after the publishing interval, and never more often than keeps the
/// reads to a fixed share of the time (a read that took 100 ms waits <see cref="CostFactor"/> × 100 ms; a
/// <see cref="TimeShare"/> per tenant). Counting a large tenant is a scan of its customers; under load the stats slow
/// down instead of taking the database's time.
/// </summary>
public sealed class StatsSchedule(TimeSpan interval)
{
    /// <summary>At most one part in this many of the time is spent reading one tenant's stats.</summary>
    public const int CostFactor = 10;

    private readonly TimeShare _share = new(interval, CostFactor);
    private readonly Dictionary<string, TimeSpan> _nextAt = new(StringComparer.Ordinal);

    public bool IsDue(string tenant, TimeSpan now) => !_nextAt.TryGetValue(tenant, out var next) || now >= next;

    public void Read(string tenant, TimeSpan startedAt, TimeSpan took) => _nextAt[tenant] = startedAt + _share.NextStartAfter(took);
}
