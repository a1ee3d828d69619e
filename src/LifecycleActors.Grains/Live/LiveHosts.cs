using LifecycleActors.Abstractions;

namespace LifecycleActors.Grains.Live;

/// <summary>
/// The live fan-out's hosts, without Orleans (<see cref="LiveFanoutGrain"/> holds one): registrations that expire
/// unless renewed, and each published batch passed to every registered host but its publisher.
/// </summary>
public sealed class LiveHosts(TimeProvider time)
{
    /// <summary>How often a host renews its registration.</summary>
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(5);

    /// <summary>A registration lives this long without renewal; hosts renew every <see cref="RenewInterval"/>.</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A fan-out that has just started (its silo was lost, or the cluster started) knows no host until each renews:
    /// for this long it keeps what it passes on and gives it to each host that registers for the first time, so an
    /// update published before a host's renewal still reaches that host's agents.
    /// </summary>
    public static readonly TimeSpan Youth = 2 * RenewInterval;

    /// <summary>At most this many updates are kept while young; past it, the fan-out keeps nothing more (a live feed may drop).</summary>
    public const int MaxKeptUpdates = 20_000;

    private readonly Dictionary<string, (ILiveObserver Observer, DateTimeOffset Until)> _hosts = new(StringComparer.Ordinal);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();
    private List<(string FromHostId, LiveBatch Batch)>? _kept = [];
    private int _keptUpdates;

    /// <summary>Registers or renews a host; answers how many other hosts are registered.</summary>
    public int Register(string hostId, ILiveObserver observer)
    {
        var now = time.GetUtcNow();
        var isNew = !_hosts.ContainsKey(hostId);
        _hosts[hostId] = (observer, now + Expiry);
        foreach (var expired in _hosts.Where(h => h.Value.Until < now).Select(h => h.Key).ToList())
        {
            _hosts.Remove(expired);
        }

        if (isNew && Kept(now) is { } kept)
        {
            foreach (var (fromHostId, batch) in kept)
            {
                if (fromHostId != hostId)
                {
                    _ = observer.OnLiveAsync(batch);
                }
            }
        }

        return _hosts.Count - 1;
    }

    public void Unregister(string hostId) => _hosts.Remove(hostId);

    public void Publish(string fromHostId, LiveBatch batch)
    {
        var now = time.GetUtcNow();
        foreach (var (hostId, (observer, until)) in _hosts)
        {
            if (hostId != fromHostId && until >= now)
            {
                _ = observer.OnLiveAsync(batch);
            }
        }

        Keep(fromHostId, batch, now);
    }

    /// <summary>What was kept, while this fan-out is young; after that, nothing (and the kept batches are let go).</summary>
    private List<(string FromHostId, LiveBatch Batch)>? Kept(DateTimeOffset now)
    {
        if (_kept is not null && now - _startedAt > Youth)
        {
            _kept = null;
        }

        return _kept;
    }

    private void Keep(string fromHostId, LiveBatch batch, DateTimeOffset now)
    {
        if (Kept(now) is not { } kept)
        {
            return;
        }

        _keptUpdates += batch.Transitions.Count + batch.Customers.Count + batch.Tasks.Count + (batch.Erasures?.Count ?? 0);
        if (_keptUpdates > MaxKeptUpdates)
        {
            _kept = null;
            return;
        }

        kept.Add((fromHostId, batch));
    }
}
