namespace LifecycleActors.Cli.Service;

/// <summary>
/// Acknowledgement latencies of a run. Every value is kept (one double per request) so that percentiles are exact
/// rather than bucketed: a run of 200,000 events in batches of 500 is 400 values, and even one event per request
/// stays a few megabytes. Safe to record from concurrent senders.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<double> _millis = [];

    public void Record(TimeSpan latency)
    {
        lock (_lock)
        {
            _millis.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>Percentiles of everything recorded so far; all zero before the first value.</summary>
    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _millis];
        }

        Array.Sort(sorted);
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0)
            : new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>
    /// The nearest-rank percentile: the smallest recorded value such that at least <paramref name="percent"/> % of
    /// the values are less or equal. Always a value that was measured (no interpolation), so a p99 of 400 requests is
    /// the 396th fastest request, not a blend of two.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}

/// <summary>Latencies in milliseconds.</summary>
internal readonly record struct LatencySummary(int Count, double P50, double P90, double P99, double Max);
