using LifecycleActors.Grains.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// A one-silo cluster whose rules clock is a <see cref="FakeTimeProvider"/> (Orleans itself keeps real time), with
/// VIP at a fixed 100 and a fast scheduler. Tenant <see cref="AutoTenant"/> is scanned by the silo on its own; other
/// tenants only when a test asks.
/// </summary>
public class SchedulerCluster : GrainCluster
{
    public const string AutoTenant = "auto";

    /// <summary>Starts years back so that events at the fake time are never ahead of the wall clock.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(DateTime.UtcNow.Year - 8, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["Lifecycle:Snapshots:EveryEvents"] = "5",
        ["Lifecycle:Rules:VipMinSpend"] = "100",
        ["Lifecycle:Scheduler:ScanInterval"] = "00:00:00.200",
        ["Lifecycle:Residency:InPartition"] = CustomersAsGrains ? "false" : "true",
    };

    /// <summary>Each customer a grain of its own instead of state in its ingest partition (ADR 0019).</summary>
    protected virtual bool CustomersAsGrains => false;

    protected override IReadOnlyCollection<string> ScheduledTenants { get; } = [AutoTenant];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddKeyedSingleton<TimeProvider>(ClockModes.RulesTimeProviderKey, Clock);
}

/// <summary>The scheduler's cluster with each customer a grain of its own: wakes go one call per customer.</summary>
public sealed class CustomerGrainsSchedulerCluster : SchedulerCluster
{
    protected override bool CustomersAsGrains => true;
}
