using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>Shop connectors: webhook deliveries by platform and outcome.</summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "LifecycleActors.Connectors";

    private readonly Counter<long> _deliveries;

    public ConnectorMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _deliveries = meter.CreateCounter<long>(
            "lifecycle.connector.deliveries", "{delivery}",
            "Webhook deliveries from shop platforms to known connectors, by platform and outcome: ingested, ignored (topic not used), privacy (request recorded), ping, unauthorized (signature missing, wrong or stale), unmappable (422).");
    }

    public void Delivered(string tenant, string platform, string outcome) =>
        _deliveries.Add(1, new TagList { { TelemetryTags.Tenant, tenant }, { TelemetryTags.Platform, platform }, { TelemetryTags.Outcome, outcome } });
}
