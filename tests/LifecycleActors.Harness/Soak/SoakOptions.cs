using System.Globalization;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Soak;

/// <summary>
/// Options of the soak harness: <c>--minutes</c> of load, <c>--silos</c>, <c>--rate</c> events per second (a steady
/// rate, about half of what the cluster saturates at), <c>--kill-every</c> seconds between silo kills,
/// <c>--window</c> seconds per reported window, <c>--customers</c>, <c>--batch</c> events per request,
/// <c>--postgres</c> (default <c>LIFECYCLE_TEST_POSTGRES</c>), <c>--silo</c>, <c>--data</c>.
/// </summary>
internal sealed record SoakOptions(
    TimeSpan Duration, int Silos, int Rate, TimeSpan KillEvery, TimeSpan Window, int Customers, int Batch, string Postgres, string SiloDll, string DataDirectory)
{
    public static SoakOptions Parse(string[] args)
    {
        int Number(string name, int otherwise) =>
            HarnessArguments.Value(args, name) is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : otherwise;

        var postgres = HarnessArguments.Value(args, "--postgres") ?? Environment.GetEnvironmentVariable("LIFECYCLE_TEST_POSTGRES")
            ?? throw new ArgumentException("--postgres or LIFECYCLE_TEST_POSTGRES: a PostgreSQL server to create the database on (eval \"$(.ci/postgres.sh start)\" starts one)");
        var options = new SoakOptions(
            TimeSpan.FromMinutes(Number("--minutes", 30)),
            Number("--silos", 3),
            Number("--rate", 1200),
            TimeSpan.FromSeconds(Number("--kill-every", 300)),
            TimeSpan.FromSeconds(Number("--window", 300)),
            Number("--customers", 5000),
            Number("--batch", 100),
            postgres,
            HarnessArguments.SiloDll(args),
            HarnessArguments.Value(args, "--data") ?? Path.Combine(Path.GetTempPath(), $"lifecycle-soak-{DateTime.UtcNow:yyyyMMddHHmmss}"));
        return options is { Silos: >= 2, Rate: >= 1, Customers: >= 1, Batch: >= 1 and <= 1000 }
            && options.Duration > TimeSpan.Zero && options.KillEvery > TimeSpan.Zero && options.Window > TimeSpan.Zero
            ? options
            : throw new ArgumentException("--silos must be at least 2 (one is killed at a time), --minutes, --rate, --kill-every, --window and --customers positive, --batch 1..1000");
    }
}
