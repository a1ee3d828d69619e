using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Asks storage what readiness asks (the event log's head): every second while <see cref="StorageOutage"/> says it is
/// down, ending the outage at the first answer; every <see cref="QuietInterval"/> otherwise, so an outage that only
/// background work meets (no request arrives) is still said once. Real time, whatever clock the tenants run on. A
/// backend that can be read but not written (SQLite on a full disk, under another writer's lock, or whose file was
/// moved away while open) is also asked whether a write could go ahead (<see cref="IStorageWriteProbe"/>): an outage
/// ends only when writes can, and one that no request has met yet is found.
/// </summary>
public sealed class StorageOutageProbe(StorageOutage outage, IEventLog log, IEnumerable<IStorageWriteProbe> writeProbes) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        var sinceProbe = TimeSpan.Zero;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            sinceProbe += Interval;
            if (outage.IsDown || sinceProbe >= QuietInterval)
            {
                sinceProbe = TimeSpan.Zero;
                await ProbeAsync(stoppingToken);
            }
        }
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        attempt.CancelAfter(Interval * 5);
        try
        {
            // A probe begun before an outage proves nothing about it: only one begun during it may end it.
            var down = outage.IsDown;
            await log.HeadAsync(attempt.Token);
            foreach (var probe in writeProbes)
            {
                await probe.ProbeAsync(writeNow: down, attempt.Token);
            }

            if (down)
            {
                outage.Reached();
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            outage.Failed(e);
        }
    }
}
