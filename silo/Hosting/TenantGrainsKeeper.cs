using LifecycleActors.Abstractions;
using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Grains.Scheduling;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Keeps every tenant's background grains running, its <see cref="IDueScanGrain"/> and its
/// <see cref="ITenantModelGrain"/>: once the silo has started and then every few seconds, so one lost with a silo
/// is back within that time on a surviving one. Every silo does this; the grains are one per tenant in the cluster,
/// so the extra calls only find them already running.
/// </summary>
public sealed partial class TenantGrainsKeeper(
    ITenantList tenants,
    IGrainFactory grains,
    SiloReadiness readiness,
    CampaignDirectory campaigns,
    TimeProvider time,
    ILogger<TenantGrainsKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await readiness.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            foreach (var tenant in tenants.TenantIds)
            {
                try
                {
                    await grains.GetGrain<IDueScanGrain>(tenant).EnsureScanningAsync();
                    await grains.GetGrain<ITenantModelGrain>(tenant).EnsureRefittingAsync();
                    foreach (var campaign in campaigns.Of(tenant))
                    {
                        await grains.GetGrain<ICampaignGrain>(CampaignKey.Of(tenant, campaign.Definition.Id)).EnsureRunningAsync();
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogStartFailed(ex, tenant);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the due scan, model refits or campaigns of tenant {Tenant}; retrying")]
    private partial void LogStartFailed(Exception exception, string tenant);
}
