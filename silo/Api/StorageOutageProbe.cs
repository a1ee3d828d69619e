using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// Asks storage what readiness asks (the event log's head): every second while <see cref="StorageOutage"/> says it is
/// down, ending the outage at the first answer; every <see cref="QuietInterval"/> otherwise, so an outage that only
/// background work meets (no request arrives) is still said once. Real time, whatever clock the tenants run on.
/// </summary>
public sealed class StorageOutageProbe(StorageOutage outage, IEventLog log) : BackgroundService
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
            await log.HeadAsync(attempt.Token);
            outage.Reached();
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            outage.Failed(e);
        }
    }
}
