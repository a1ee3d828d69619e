using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>Histogram bucket boundaries in seconds, for the durations the service records.</summary>
internal static class DurationBuckets
{
    /// <summary>Request, write and push latencies: 1 ms to 10 s.</summary>
    public static readonly InstrumentAdvice<double> Short = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>How late a time-driven transition is, and model refits: 10 ms to 1 h.</summary>
    public static readonly InstrumentAdvice<double> Long = new()
    {
        HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
    };
}
