using System.Diagnostics.Metrics;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// A meter factory of a test's own, for the service's metric classes built by hand: its meters carry it as their
/// scope, so a <c>MetricCollector</c> given this factory sees only what they record.
/// </summary>
public sealed class TestMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public static LiveMetrics Live() => new(new TestMeters());

    public Meter Create(MeterOptions options)
    {
        options.Scope = this;
        var meter = new Meter(options);
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
            _meters.Clear();
        }
    }
}
