using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Scheduling;
using LifecycleActors.Grains.Time;
using LifecycleActors.Storage.Retention;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.Privacy;

/// <summary>
/// Keeps no event longer than <c>Lifecycle:Retention:EventDays</c> (ADR 0017): every <see cref="RetentionOptions.Interval"/>,
/// for each tenant, the entries that occurred more than that many days before the tenant's now, and that the
/// customers' snapshots hold, are replaced by one summary per customer. An entry a snapshot does not hold yet stays
/// until a later pass. Every silo runs it; the store keeps their passes apart.
/// </summary>
public sealed partial class RetentionRunner(
    ILogRetention retention, ITenantList tenants, ITenantClock clock, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionRunner> logger)
    : BackgroundService
{
    /// <summary>Customers per transaction: short enough that the log and the KPI store are held only briefly.</summary>
    private const int CustomersPerStep = 200;

    /// <summary>One pass over every tenant; how many entries it removed.</summary>
    public async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        if (options.Value.EventDays is not { } days)
        {
            return 0;
        }

        var removed = 0;
        foreach (var tenant in tenants.TenantIds)
        {
            var before = clock.Now(tenant).AddDays(-days);
            var (customers, entries) = (0, 0);
            string? next = null;
            do
            {
                var started = time.GetTimestamp();
                var step = await retention.SummariseAsync(tenant, before, next, CustomersPerStep, cancellationToken);
                customers += step.Customers;
                entries += step.EntriesRemoved;
                next = step.Next;

                // As long again between steps: appends, which wait for each step's write, get the log half the time.
                if (next is not null)
                {
                    await Task.Delay(time.GetElapsedTime(started), time, cancellationToken);
                }
            }
            while (next is not null);

            if (entries > 0)
            {
                LogSummarised(logger, tenant, entries, customers, before);
            }

            removed += entries;
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.EventDays is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            do
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    StorageUnreachable.Log(logger, "Retention", ex, e => LogPassFailed(logger, e));
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: tenant {Tenant}, {Entries} log entries of {Customers} customers before {Before:o} summarised")]
    private static partial void LogSummarised(ILogger logger, string tenant, int entries, int customers, DateTimeOffset before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A retention pass failed; the entries stay and the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
