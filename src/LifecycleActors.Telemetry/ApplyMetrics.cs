using System.Diagnostics.Metrics;

namespace LifecycleActors.Telemetry;

/// <summary>
/// Whether customers keep up with the log: the distance from the log's newest position to the recovery checkpoint
/// (everything up to it is applied by every customer), and how many customers are behind, as the last recovery pass
/// on this silo saw them; and the events customers applied. The gauges say nothing once the silo's services are disposed.
/// </summary>
public sealed class ApplyMetrics : IDisposable
{
    public const string MeterName = "LifecycleActors.Apply";

    private readonly Counter<long> _applied;
    private long _lag;
    private long _customersBehind;
    private volatile bool _disposed;

    public ApplyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _applied = meter.CreateCounter<long>("lifecycle.apply.events", "{event}", "Log entries applied by customers on this silo.");
        meter.CreateObservableGauge(
            "lifecycle.apply.lag", () => Current(Volatile.Read(ref _lag)), "{event}", "The log's newest position minus the applied watermark (the recovery checkpoint).");
        meter.CreateObservableGauge(
            "lifecycle.apply.customers_behind", () => Current(Volatile.Read(ref _customersBehind)), "{customer}", "Customers with log entries they have not applied, as of the last recovery pass.");
    }

    public void Applied(int events)
    {
        if (events > 0)
        {
            _applied.Add(events);
        }
    }

    /// <summary>What a recovery pass found: the log's head, the checkpoint it reached and the customers behind.</summary>
    public void Observed(long head, long watermark, int customersBehind)
    {
        Volatile.Write(ref _lag, Math.Max(0, head - watermark));
        Volatile.Write(ref _customersBehind, customersBehind);
    }

    public void Dispose() => _disposed = true;

    private IEnumerable<Measurement<long>> Current(long value) => _disposed ? [] : [new Measurement<long>(value)];
}
