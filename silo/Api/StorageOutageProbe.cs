using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// While <see cref="StorageOutage"/> says storage is down, asks it every second what readiness asks (the event log's
/// head) and ends the outage at the first answer. Real time, whatever clock the tenants run on.
/// </summary>
public sealed class StorageOutageProbe(StorageOutage outage, IEventLog log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (outage.IsDown)
            {
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
