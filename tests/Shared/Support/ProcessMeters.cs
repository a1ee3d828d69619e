using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// One meter per name and version for the whole test process, never disposed, given to every in-process host.
/// OpenTelemetry's SDK stops the series of every meter of a name once one meter of that name is disposed
/// (open-telemetry/opentelemetry-dotnet#6412): a production process holds one host and never meets it, but a test
/// process starting and stopping many hosts would silence the metrics of the hosts still running.
/// </summary>
public sealed class ProcessMeters : IMeterFactory
{
    public static readonly ProcessMeters Shared = new();

    private readonly ConcurrentDictionary<(string Name, string? Version), Meter> _meters = new();

    private ProcessMeters()
    {
    }

    public Meter Create(MeterOptions options) =>
        _meters.GetOrAdd((options.Name, options.Version), _ => new Meter(options.Name, options.Version));

    /// <summary>Nothing: a host stopping must not stop the meters the other hosts record on.</summary>
    public void Dispose()
    {
    }
}
