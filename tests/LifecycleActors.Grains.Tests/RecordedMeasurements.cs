using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LifecycleActors.Telemetry;

namespace LifecycleActors.Grains.Tests;

/// <summary>
/// The measurements one instrument records for one tenant while this is alive, as the service's exporters see them
/// (tests of other tenants in the same process record beside them and are left out).
/// </summary>
internal sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(double Value, IReadOnlyDictionary<string, string?> Tags)> _values = new();

    public RecordedMeasurements(string meter, string instrument, string tenant)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Record(value, tags, tenant));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record(value, tags, tenant));
        _listener.Start();
    }

    public IReadOnlyList<(double Value, IReadOnlyDictionary<string, string?> Tags)> Values => [.. _values];

    public void Dispose() => _listener.Dispose();

    private void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, string tenant)
    {
        var byName = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            byName[tag.Key] = tag.Value?.ToString();
        }

        if (byName.GetValueOrDefault(TelemetryTags.Tenant) == tenant)
        {
            _values.Enqueue((value, byName));
        }
    }
}
