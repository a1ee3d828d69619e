using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>The tenant's prediction model: how long a refit takes.</summary>
public sealed class ModelMetrics
{
    public const string MeterName = "LifecycleActors.Model";

    private readonly Histogram<double> _refit;

    public ModelMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _refit = meter.CreateHistogram("lifecycle.model.refit.duration", "s", "How long refitting a tenant's model takes.", advice: DurationBuckets.Long);
    }

    public void Refitted(string tenant, TimeSpan took) => _refit.Record(took.TotalSeconds, new TagList { { TelemetryTags.Tenant, tenant } });
}
