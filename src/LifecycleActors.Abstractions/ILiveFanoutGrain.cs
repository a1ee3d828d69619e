using Orleans.Concurrency;

namespace LifecycleActors.Abstractions;

/// <summary>A host of live screens (a silo with the co-hosted dashboard, or a standalone dashboard).</summary>
[Alias("lifecycle.ILiveObserver")]
public interface ILiveObserver : IGrainObserver
{
    [Alias("OnLive")]
    [OneWay]
    Task OnLiveAsync(LiveBatch batch);
}

/// <summary>
/// The cluster's live fan-out (one, key 0): hosts of live screens register every few seconds; silos publish what their
/// customers report, and the grain passes it to every registered host but the publisher. Registrations not renewed
/// expire, so a host that died stops receiving; a fan-out grain that moved starts empty and is refilled by the next
/// renewals, and until then keeps what it passes on for the hosts that renew late (<c>LiveHosts</c>).
/// </summary>
[Alias("lifecycle.ILiveFanoutGrain")]
public interface ILiveFanoutGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or renews a host; answers how many other hosts are registered (publish only when > 0).</summary>
    [Alias("Register")]
    [AlwaysInterleave]
    Task<int> RegisterAsync(string hostId, ILiveObserver observer);

    [Alias("Unregister")]
    [AlwaysInterleave]
    Task UnregisterAsync(string hostId);

    [Alias("Publish")]
    [AlwaysInterleave]
    [OneWay]
    Task PublishAsync(string fromHostId, LiveBatch batch);
}
