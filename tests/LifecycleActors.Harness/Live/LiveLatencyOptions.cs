using System.Globalization;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Live;

/// <summary>
/// Options of the live-latency harness: <c>--rate</c> events/s, <c>--seconds</c> of sending, <c>--customers</c>,
/// <c>--warmup</c> seconds whose transitions are not measured, <c>--in-flight</c> requests, <c>--silo</c>, <c>--data</c>.
/// </summary>
internal sealed record LiveLatencyOptions(
    int Rate,
    TimeSpan Duration,
    int Customers,
    TimeSpan WarmUp,
    int InFlight,
    string SiloDll,
    string DataDirectory,
    bool KeepData)
{
    public static LiveLatencyOptions Parse(string[] args)
    {
        int Number(string name, int otherwise) =>
            HarnessArguments.Value(args, name) is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : otherwise;

        var data = HarnessArguments.Value(args, "--data");
        var options = new LiveLatencyOptions(
            Number("--rate", 2000),
            TimeSpan.FromSeconds(Number("--seconds", 60)),
            Number("--customers", 20000),
            TimeSpan.FromSeconds(Number("--warmup", 5)),
            Number("--in-flight", 8),
            HarnessArguments.SiloDll(args),
            data ?? Path.Combine(Path.GetTempPath(), $"lifecycle-live-latency-{DateTime.UtcNow:yyyyMMddHHmmss}"),
            KeepData: data is not null);
        return options is { Rate: > 0, Customers: >= 2, InFlight: > 0 } && options.Duration > options.WarmUp
            ? options
            : throw new ArgumentException("--rate and --in-flight must be positive, --customers at least 2, --seconds more than --warmup");
    }
}
