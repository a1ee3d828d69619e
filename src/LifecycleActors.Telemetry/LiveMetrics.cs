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

    /// <summary>
    /// Records the push once <paramref name="sending"/> has completed, measured from <paramref name="detected"/> (a
    /// <see cref="Stopwatch.GetTimestamp"/>); a failed send is not a push. Costs nothing while nobody listens.
    /// </summary>
    public void WhenSent(string tenant, long detected, Task sending)
    {
        if (!_push.Enabled)
        {
            return;
        }

        if (sending.IsCompleted)
        {
            Record(sending, tenant, detected);
            return;
        }

        // On the thread pool: the caller may be a grain, whose scheduler must not run this.
        _ = sending.ContinueWith(
            static (sent, state) =>
            {
                var (metrics, tenant, detected) = ((LiveMetrics, string, long))state!;
                metrics.Record(sent, tenant, detected);
            },
            (this, tenant, detected),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void Record(Task sent, string tenant, long detected)
    {
        if (sent.IsCompletedSuccessfully)
        {
            Pushed(tenant, Stopwatch.GetElapsedTime(detected));
        }
    }
}
