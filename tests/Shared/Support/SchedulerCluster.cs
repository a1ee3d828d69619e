using LifecycleActors.Grains.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// A one-silo cluster whose rules clock is a <see cref="FakeTimeProvider"/> (Orleans itself keeps real time), with
/// VIP at a fixed 100 and a fast scheduler. Tenant <see cref="AutoTenant"/> is scanned by the silo on its own; other
/// tenants only when a test asks.
/// </summary>
public sealed class SchedulerCluster : GrainCluster
{
    public const string AutoTenant = "auto";

    /// <summary>Starts years back so that events at the fake time are never ahead of the wall clock.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Year - 8, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>
    {
        ["Lifecycle:Snapshots:EveryEvents"] = "5",
        ["Lifecycle:Rules:VipMinSpend"] = "100",
        ["Lifecycle:Scheduler:ScanInterval"] = "00:00:00.200",
    };

    protected override IReadOnlyCollection<string> ScheduledTenants { get; } = [AutoTenant];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddKeyedSingleton<TimeProvider>(ClockModes.RulesTimeProviderKey, Clock);
}
