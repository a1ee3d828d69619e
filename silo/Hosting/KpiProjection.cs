using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Hosting;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Storage.Kpis;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Keeps the KPI store (ADR 0014) up to date in the background: every <see cref="Interval"/>, a pass recomputes the
/// customers whose log entries or transitions changed, for at most <see cref="Budget"/>. Requests catch up the rest
/// before they read, so the background pass only keeps that remainder small. A pass that took long is followed by a
/// longer pause (<see cref="Pace"/>). Every silo runs it; the store keeps their passes apart.
/// </summary>
public sealed partial class KpiProjection(IKpiStore store, ITenantList tenants, TimeProvider time, ILogger<KpiProjection> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Under load, passes take at most a quarter of the time: the rest of the database is the event path's.</summary>
    private static readonly TimeShare Pace = new(Interval, costFactor: 4);
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Pace.RunAsync(
            async cancellationToken =>
            {
                try
                {
                    var recomputed = await store.CatchUpAsync(tenants.TimeZoneOf, Budget, cancellationToken);
                    if (recomputed > 0)
                    {
                        LogPass(logger, recomputed);
                    }
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    StorageUnreachable.Log(logger, "Updating the KPI store", ex, e => LogPassFailed(logger, e));
                }
            },
            time,
            stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "KPI store: {Customers} customers recomputed")]
    private static partial void LogPass(ILogger logger, int customers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the KPI store failed; retrying with the next pass")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
