using System.Globalization;

namespace LifecycleActors.Harness.Scheduler;

/// <summary>Options of the scheduler harness: <c>--customers</c>, <c>--window</c>, <c>--lead</c>, <c>--scan-interval</c>, <c>--silo</c>, <c>--data</c>.</summary>
internal sealed record HarnessOptions(int Customers, TimeSpan Window, TimeSpan Lead, TimeSpan ScanInterval, string SiloDll, string DataDirectory)
{
    public static HarnessOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var customers = int.Parse(Value("--customers") ?? "1000000", CultureInfo.InvariantCulture);
        var window = TimeSpan.Parse(Value("--window") ?? "00:10:00", CultureInfo.InvariantCulture);

        // Seeding runs at roughly 8 000 customers a second; then a graceful stop and a restart.
        var lead = Value("--lead") is { } given
            ? TimeSpan.Parse(given, CultureInfo.InvariantCulture)
            : TimeSpan.FromSeconds((customers / 5000.0) + 240);
        var scan = TimeSpan.Parse(Value("--scan-interval") ?? "00:00:01", CultureInfo.InvariantCulture);
        var silo = Value("--silo") ?? Path.Combine(RepositoryRoot(), "silo", "bin", "Release", "net10.0", "LifecycleActors.Silo.dll");
        if (!File.Exists(silo))
        {
            throw new ArgumentException($"--silo: {silo} does not exist; build it first with 'dotnet build -c Release silo'");
        }

        var data = Value("--data") ?? Path.Combine(Path.GetTempPath(), $"lifecycle-scheduler-bench-{DateTime.UtcNow:yyyyMMddHHmmss}");
        return new HarnessOptions(customers, window, lead, scan, silo, data);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LifecycleActors.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository, or pass --silo");
    }
}
