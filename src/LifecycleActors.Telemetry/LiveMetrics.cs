using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>The live push to the agents' screens: from a transition's detection to its sending to the hub.</summary>
public sealed class LiveMetrics
{
    public const string MeterName = "LifecycleActors.Live";

    private readonly Histogram<double> _push;

    public LiveMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _push = meter.CreateHistogram("lifecycle.live.push.latency", "s", "From a transition's detection to its sending to the agents' hub.", advice: DurationBuckets.Short);
    }

    public void Pushed(string tenant, TimeSpan sinceDetected) =>
        _push.Record(Math.Max(0, sinceDetected.TotalSeconds), new TagList { { TelemetryTags.Tenant, tenant } });
}
