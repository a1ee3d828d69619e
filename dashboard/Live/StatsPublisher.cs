using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Rules;
using LifecycleActors.Storage.ReadModel;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;

namespace LifecycleActors.Dashboard.Live;

/// <summary>
/// Sends <c>stats</c> to a tenant's agents when its counts change, at most four times a second: every 250 ms it reads
/// the counts of tenants active in the last few seconds (the read model is written behind) that have an agent
/// connected here, and sends those that differ from what was sent last. A tenant whose count takes long to read is
/// read less often (<see cref="StatsSchedule"/>).
/// </summary>
public sealed class StatsPublisher(
    HubLiveUpdates updates, AgentConnections agents, IReadModel readModel, IHubContext<LifecycleHub> hub, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(3);
    private readonly Dictionary<string, string> _lastSent = new(StringComparer.Ordinal);
    private readonly StatsSchedule _schedule = new(Interval);
    private readonly long _started = time.GetTimestamp();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var tenant in updates.ChangedWithin(ActiveWindow))
            {
                var startedAt = time.GetElapsedTime(_started);
                if (!agents.AnyOf(tenant) || !_schedule.IsDue(tenant, startedAt))
                {
                    continue;
                }

                try
                {
                    var counts = await readModel.StatsAsync(tenant, stoppingToken);
                    _schedule.Read(tenant, startedAt, time.GetElapsedTime(_started) - startedAt);
                    var stats = StatsShape.Of(counts);
                    var json = JsonSerializer.Serialize(stats, WireJson.Options);
                    if (!_lastSent.TryGetValue(tenant, out var last) || last != json)
                    {
                        _lastSent[tenant] = json;
                        await hub.Clients.Group(LifecycleHub.TenantGroup(tenant)).SendAsync("stats", stats, stoppingToken);
                    }
                }
                catch (Exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The next tick tries again; a missed stats message is superseded by the next one.
                }
            }
        }
    }
}

/// <summary>The stats message, in the shape of <c>GET /api/v1/stats</c>.</summary>
public sealed record StatsShape(long Customers, IReadOnlyDictionary<string, long> Stages, long Vip, long Advocate, long EventsApplied)
{
    public static StatsShape Of(TenantStats stats) => new(
        stats.Customers,
        LifecycleActors.Rules.Stages.All.ToDictionary(s => s.ToWireName(), s => stats.Stages.GetValueOrDefault(s.ToWireName())),
        stats.Vip,
        stats.Advocate,
        stats.EventsApplied);
}
