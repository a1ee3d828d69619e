using System.Collections.Concurrent;

namespace LifecycleActors.Grains;

/// <summary>The customer grains active on this silo, by grain key (see <see cref="CustomerGrain"/>).</summary>
public sealed class ActiveCustomers
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public void Add(string key) => _keys.TryAdd(key, 0);

    public void Remove(string key) => _keys.TryRemove(key, out _);

    public IReadOnlyList<string> Snapshot() => [.. _keys.Keys];
}
