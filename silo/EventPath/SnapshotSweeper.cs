using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Silo.EventPath;

/// <summary>
/// Writes the snapshots of the customers active here that have held unsaved changes for <see cref="SnapshotOptions.Interval"/>:
/// one sweep of the silo's list of active customers every tenth of that interval, instead of a timer in every
/// customer (a timer costs each active customer about half a kilobyte and the silo a wake-up per customer).
/// </summary>
public sealed partial class SnapshotSweeper(
    ActiveCustomers active, IGrainFactory grains, IOptions<SnapshotOptions> options, SiloReadiness readiness, TimeProvider time, ILogger<SnapshotSweeper> logger)
    : BackgroundService
{
    private const int Parallelism = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        var interval = options.Value.Interval;
        using var timer = new PeriodicTimer(interval / 10, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var due = active.DirtySince(time.GetUtcNow() - interval);
            var failed = 0;
            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken },
                async (key, _) =>
                {
                    try
                    {
                        await grains.GetGrain<ICustomerGrain>(key).SnapshotIfDirtyAsync();
                    }
                    catch (Exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The next sweep asks again; the log holds the changes meanwhile.
                        Interlocked.Increment(ref failed);
                    }
                });
            if (failed > 0)
            {
                LogSweepFailures(failed, due.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot sweep: {Failed} of {Due} customers could not write their snapshot; asking again at the next sweep")]
    private partial void LogSweepFailures(int failed, int due);
}
