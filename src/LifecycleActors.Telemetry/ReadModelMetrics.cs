using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>The read model's write-behind queue: its depth and how long a flush takes.</summary>
public sealed class ReadModelMetrics
{
    public const string MeterName = "LifecycleActors.ReadModel";

    private readonly Histogram<double> _flush;
    private readonly Counter<long> _rows;
    private Func<long> _queueDepth = () => 0;

    public ReadModelMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("lifecycle.read_model.queue.depth", () => _queueDepth(), "{row}", "Customer rows waiting in the write-behind queue.");
        _flush = meter.CreateHistogram("lifecycle.read_model.flush.duration", "s", "How long one write-behind flush takes.", advice: DurationBuckets.Short);
        _rows = meter.CreateCounter<long>("lifecycle.read_model.rows.written", "{row}", "Customer rows written by the write-behind flushes.");
    }

    /// <summary>Where the gauge reads the queue's depth (the writer registers itself once).</summary>
    public void ObserveQueue(Func<long> depth) => _queueDepth = depth;

    public void Flushed(int rows, TimeSpan took)
    {
        _flush.Record(took.TotalSeconds);
        if (rows > 0)
        {
            _rows.Add(rows);
        }
    }
}
