using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains.Live;

/// <summary>Passes each silo's live batches to the other hosts of live screens (see <see cref="ILiveFanoutGrain"/>).</summary>
public sealed class LiveFanoutGrain(TimeProvider time) : Grain, ILiveFanoutGrain
{
    private readonly LiveHosts _hosts = new(time);

    public Task<int> RegisterAsync(string hostId, ILiveObserver observer) => Task.FromResult(_hosts.Register(hostId, observer));

    public Task UnregisterAsync(string hostId)
    {
        _hosts.Unregister(hostId);
        return Task.CompletedTask;
    }

    public Task PublishAsync(string fromHostId, LiveBatch batch)
    {
        _hosts.Publish(fromHostId, batch);
        return Task.CompletedTask;
    }
}
