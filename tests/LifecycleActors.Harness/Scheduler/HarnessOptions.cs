using System.Globalization;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Scheduler;

/// <summary>Options of the scheduler harness: <c>--customers</c>, <c>--window</c>, <c>--lead</c>, <c>--scan-interval</c>, <c>--customer-grains</c> (each customer a grain of its own, the way before ADR 0019), <c>--silo</c>, <c>--data</c>.</summary>
internal sealed record HarnessOptions(int Customers, TimeSpan Window, TimeSpan Lead, TimeSpan ScanInterval, bool CustomerGrains, string SiloDll, string DataDirectory)
{
    public static HarnessOptions Parse(string[] args)
    {
        string? Value(string name) => HarnessArguments.Value(args, name);

        var customers = int.Parse(Value("--customers") ?? "1000000", CultureInfo.InvariantCulture);
        var window = TimeSpan.Parse(Value("--window") ?? "00:10:00", CultureInfo.InvariantCulture);

        // Seeding runs at roughly 8 000 customers a second; then a graceful stop and a restart.
        var lead = Value("--lead") is { } given
            ? TimeSpan.Parse(given, CultureInfo.InvariantCulture)
            : TimeSpan.FromSeconds((customers / 5000.0) + 240);
        var scan = TimeSpan.Parse(Value("--scan-interval") ?? "00:00:01", CultureInfo.InvariantCulture);
        var silo = HarnessArguments.SiloDll(args);
        var data = Value("--data") ?? Path.Combine(Path.GetTempPath(), $"lifecycle-scheduler-bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
        return new HarnessOptions(customers, window, lead, scan, args.Contains("--customer-grains"), silo, data);
    }
}
