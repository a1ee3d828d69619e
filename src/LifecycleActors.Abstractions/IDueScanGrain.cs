using Orleans.Concurrency;

namespace LifecycleActors.Abstractions;

/// <summary>
/// The scheduler of one tenant (key: the tenant id): pages through the customers whose time-driven change is due
/// and wakes them. One per tenant in the cluster; kept running by every silo's scan keeper.
/// </summary>
[Alias("lifecycle.IDueScanGrain")]
public interface IDueScanGrain : IGrainWithStringKey
{
    /// <summary>Starts the periodic scan if it is not running; returns at once, also while a pass is under way.</summary>
    [Alias("EnsureScanning")]
    [AlwaysInterleave]
    Task EnsureScanningAsync();

    /// <summary>Runs one full scan pass now and returns how many customers it woke.</summary>
    [Alias("ScanNow")]
    Task<int> ScanNowAsync();
}
