using LifecycleActors.Grains.Campaigns;

namespace LifecycleActors.Silo.Hosting;

/// <summary>Keeps this silo's <see cref="CampaignDirectory"/> loaded, so customers find the campaigns their transitions trigger.</summary>
public sealed class CampaignDirectoryRefresher(CampaignDirectory directory, TimeProvider time, ILogger<CampaignDirectoryRefresher> logger)
    : CacheRefresher(time, logger)
{
    protected override string What => "campaigns";

    protected override Task RefreshAsync(CancellationToken cancellationToken) => directory.RefreshAsync(cancellationToken);
}
