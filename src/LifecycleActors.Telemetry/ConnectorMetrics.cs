using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>Shop connectors: webhooks received, by platform and outcome.</summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "LifecycleActors.Connectors";

    private readonly Counter<long> _webhooks;

    public ConnectorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _webhooks = meter.CreateCounter<long>(
            "lifecycle.connector.webhooks", "{webhook}",
            "Webhooks from shop platforms to known connectors, by platform and outcome: ingested, ignored (topic not used), privacy (request recorded), ping, unauthorized (signature missing, wrong or stale), unmappable (422).");
    }

    public void Received(string tenant, string platform, string outcome) =>
        _webhooks.Add(1, new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.Platform, platform }, { TelemetryTags.Outcome, outcome } });
}
