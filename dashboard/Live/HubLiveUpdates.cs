using System.Collections.Concurrent;
using System.Diagnostics;
using LifecycleActors.Abstractions;
using LifecycleActors.Grains;
using LifecycleActors.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// Sends what customers report to the hub's groups: each transition to its tenant, each changed customer to the
/// agents watching it; and notes which tenants changed, for the coalesced stats.
/// </summary>
/// <remarks>
/// Each transition's push is measured (<see cref="LiveMetrics"/>) from the call here to the hub's send completing. A
/// customer on this host calls in the moment it detects the transition; one on another host reaches this host
/// through the cluster's fan-out, and is measured from its arrival.
/// </remarks>
public sealed class HubLiveUpdates(IHubContext<LifecycleHub> hub, LiveMetrics metrics) : ILiveUpdates
{
    private readonly ConcurrentDictionary<string, long> _changedAt = new(StringComparer.Ordinal);

    public void Transitions(IReadOnlyList<TransitionRecord> transitions)
    {
        var detected = Stopwatch.GetTimestamp();
        foreach (var transition in transitions)
        {
            _changedAt[transition.Tenant] = Environment.TickCount64;
            var sending = hub.Clients.Group(LifecycleHub.TenantGroup(transition.Tenant)).SendAsync("transition", transition);
            metrics.WhenSent(transition.Tenant, detected, sending);
        }
    }

    public void CustomerChanged(string tenant, CustomerProfile customer)
    {
        _changedAt[tenant] = Environment.TickCount64;
        _ = hub.Clients.Group(LifecycleHub.CustomerGroup(tenant, customer.CustomerId)).SendAsync("customer", customer);
    }

    public void TaskChanged(AgentTask task) =>
        _ = hub.Clients.Group(LifecycleHub.TenantGroup(task.Tenant)).SendAsync("task", task);

    public void CustomerErased(LiveErasure erasure)
    {
        _changedAt[erasure.Tenant] = Environment.TickCount64;
        _ = hub.Clients.Group(LifecycleHub.TenantGroup(erasure.Tenant)).SendAsync("erased", new { erasure.CustomerId });
    }

    /// <summary>Tenants that changed within <paramref name="window"/>.</summary>
    public IEnumerable<string> ChangedWithin(TimeSpan window)
    {
        var since = Environment.TickCount64 - (long)window.TotalMilliseconds;
        return _changedAt.Where(t => t.Value >= since).Select(t => t.Key);
    }
}
