using System.Collections.Concurrent;

namespace LifecycleActors.Grains;

/// <summary>
/// The customers in memory on this silo (in their partition or as grains), by key (<c>tenant/customer</c>), each with
/// the time since which it holds changes not yet in its snapshot. One entry per active customer, so that no customer
/// needs a timer of its own: the silo's snapshot sweep asks only those that have been dirty long enough.
/// </summary>
public sealed class ActiveCustomers(TimeProvider time)
{
    private const long Clean = long.MaxValue;

    private readonly ConcurrentDictionary<string, long> _keys = new(StringComparer.Ordinal);
    private int _deactivating;
    private long _leftToLog;

    public int Count => _keys.Count;

    /// <summary>Customers that left <see cref="Count"/> but are still writing their last snapshot.</summary>
    public int Deactivating => Volatile.Read(ref _deactivating);

    /// <summary>Deactivations that ran out of time before their snapshot was written (the log still holds those changes).</summary>
    public long SnapshotsLeftToLog => Interlocked.Read(ref _leftToLog);

    public void Add(string key) => _keys.TryAdd(key, Clean);

    /// <summary>The customer could not be loaded: it never was in memory, so nothing of it is booked.</summary>
    public void NotLoaded(string key) => _keys.TryRemove(key, out _);

    /// <summary>The customer is no longer active here (the sweep leaves it alone) but may still write its snapshot.</summary>
    public void StartDeactivating(string key)
    {
        _keys.TryRemove(key, out _);
        Interlocked.Increment(ref _deactivating);
    }

    public void FinishDeactivating(bool snapshotLeftToLog)
    {
        if (snapshotLeftToLog)
        {
            Interlocked.Increment(ref _leftToLog);
        }

        Interlocked.Decrement(ref _deactivating);
    }

    /// <summary>The customer holds changes its snapshot lacks, from now unless from earlier.</summary>
    public void MarkDirty(string key) => _keys.TryUpdate(key, time.GetUtcNow().UtcTicks, Clean);

    /// <summary>The customer's snapshot holds everything it applied.</summary>
    public void MarkClean(string key)
    {
        if (_keys.TryGetValue(key, out var since) && since != Clean)
        {
            _keys.TryUpdate(key, Clean, since);
        }
    }

    /// <summary>Every customer active here, as of now.</summary>
    public IReadOnlyList<string> All() => [.. _keys.Keys];

    /// <summary>The customers whose changes have waited for a snapshot since <paramref name="before"/> or earlier.</summary>
    public IReadOnlyList<string> DirtySince(DateTimeOffset before)
    {
        var limit = before.UtcTicks;
        return [.. _keys.Where(k => k.Value <= limit).Select(k => k.Key)];
    }
}
