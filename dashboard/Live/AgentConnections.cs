using System.Collections.Concurrent;

namespace LifecycleActors.Dashboard.Live;

/// <summary>How many agents of each tenant are connected to this host's hub: stats are only read for tenants someone watches.</summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<string, int> _byTenant = new(StringComparer.Ordinal);

    public void Connected(string tenant) => _byTenant.AddOrUpdate(tenant, 1, (_, n) => n + 1);

    public void Disconnected(string tenant)
    {
        if (_byTenant.AddOrUpdate(tenant, 0, (_, n) => Math.Max(0, n - 1)) == 0)
        {
            // Removed only while still at zero, so a connection that arrived meanwhile is kept.
            _byTenant.TryRemove(new KeyValuePair<string, int>(tenant, 0));
        }
    }

    public bool AnyOf(string tenant) => _byTenant.TryGetValue(tenant, out var count) && count > 0;
}
