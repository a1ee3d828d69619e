using LifecycleActors.Grains.Population;
using LifecycleActors.Storage.ReadModel;

namespace LifecycleActors.Silo.Hosting;

/// <summary>
/// Keeps this silo's facts cache loaded with the stored tenant models, so a refit on any silo reaches every customer
/// within <see cref="ModelOptions.Propagation"/>.
/// </summary>
public sealed class TenantFactsRefresher(TenantFactsCache cache, IReadModel readModel, TimeProvider time, ILogger<TenantFactsRefresher> logger)
    : CacheRefresher(time, logger)
{
    protected override string What => "tenant models";

    protected override Task RefreshAsync(CancellationToken cancellationToken) => cache.RefreshAsync(readModel, cancellationToken);
}
