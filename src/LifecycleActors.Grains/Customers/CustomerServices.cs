using LifecycleActors.Grains.Campaigns;
using LifecycleActors.Grains.Time;
using LifecycleActors.Rules;
using LifecycleActors.Storage.EventLog;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Telemetry;
using Microsoft.Extensions.Options;

namespace LifecycleActors.Grains;

/// <summary>The silo's services every <see cref="ResidentCustomer"/> works with; one instance per silo.</summary>
public sealed class CustomerServices(
    CustomerRules rules,
    IEventLog log,
    IReadModelWriter readModel,
    ITenantFactsSource tenantFacts,
    ITenantClock clock,
    IOptions<SnapshotOptions> snapshotOptions,
    ILiveUpdates live,
    CampaignDirectory campaigns,
    CustomerMetrics metrics,
    ApplyMetrics applyMetrics)
{
    public CustomerRules Rules { get; } = rules;

    public IEventLog Log { get; } = log;

    public IReadModelWriter ReadModel { get; } = readModel;

    public ITenantFactsSource TenantFacts { get; } = tenantFacts;

    public ITenantClock Clock { get; } = clock;

    public SnapshotOptions Snapshots { get; } = snapshotOptions.Value;

    public ILiveUpdates Live { get; } = live;

    public CampaignDirectory Campaigns { get; } = campaigns;

    public CustomerMetrics Metrics { get; } = metrics;

    public ApplyMetrics ApplyMetrics { get; } = applyMetrics;
}
