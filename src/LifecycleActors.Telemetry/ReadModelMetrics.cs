using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>The read model's write-behind queue: its depth and how long a flush takes. The depth says nothing once
/// the silo's services are disposed.</summary>
public sealed class ReadModelMetrics : IDisposable
{
    public const string MeterName = "LifecycleActors.ReadModel";

    private readonly Histogram<double> _flush;
    private readonly Counter<long> _rows;
    private Func<long> _queueDepth = () => 0;
    private volatile bool _disposed;

    public ReadModelMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("lifecycle.read_model.queue.depth", Depth, "{row}",
            "Customer rows and transitions waiting to be written behind: queued, or in a batch whose commit has not succeeded yet.");
        _flush = meter.CreateHistogram("lifecycle.read_model.flush.duration", "s", "How long one write-behind commit of a batch takes.", advice: DurationBuckets.Short);
        _rows = meter.CreateCounter<long>("lifecycle.read_model.rows.written", "{row}", "Customer rows and transitions committed by the write-behind flushes.");
    }

    /// <summary>Where the gauge reads the queue's depth (the silo's writer registers itself once; a later writer replaces it).</summary>
    public void ObserveQueue(Func<long> depth) => _queueDepth = depth;

    /// <summary>A batch of <paramref name="rows"/> customer rows and transitions was committed in <paramref name="took"/>.</summary>
    public void Flushed(int rows, TimeSpan took)
    {
        _flush.Record(took.TotalSeconds);
        if (rows > 0)
        {
            _rows.Add(rows);
        }
    }

    public void Dispose() => _disposed = true;

    private IEnumerable<Measurement<long>> Depth() => _disposed ? [] : [new Measurement<long>(_queueDepth())];
}
