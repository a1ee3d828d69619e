using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains.Live;

/// <summary>Passes each silo's live batches to the other hosts of live screens (see <see cref="ILiveFanoutGrain"/>).</summary>
public sealed class LiveFanoutGrain(TimeProvider time) : Grain, ILiveFanoutGrain
{
    /// <summary>A registration lives this long without renewal; hosts renew every few seconds.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (ILiveObserver Observer, DateTimeOffset Until)> _hosts = new(StringComparer.Ordinal);

    public Task<int> RegisterAsync(string hostId, ILiveObserver observer)
    {
        var now = time.GetUtcNow();
        _hosts[hostId] = (observer, now + Expiry);
        foreach (var expired in _hosts.Where(h => h.Value.Until < now).Select(h => h.Key).ToList())
        {
            _hosts.Remove(expired);
        }

        return Task.FromResult(_hosts.Count - 1);
    }

    public Task UnregisterAsync(string hostId)
    {
        _hosts.Remove(hostId);
        return Task.CompletedTask;
    }

    public Task PublishAsync(string fromHostId, LiveBatch batch)
    {
        var now = time.GetUtcNow();
        foreach (var (hostId, (observer, until)) in _hosts)
        {
            if (hostId != fromHostId && until >= now)
            {
                _ = observer.OnLiveAsync(batch);
            }
        }

        return Task.CompletedTask;
    }
}
