using System.Globalization;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Cluster;

/// <summary>
/// Options of the cluster-ingest harness: <c>--silos</c> 1..3 (more work too), <c>--seconds</c> of load,
/// <c>--customers</c>, <c>--batch</c> events per request, <c>--workers</c> requests in flight, <c>--kill</c> (SIGKILL
/// the last silo halfway), <c>--postgres</c> (a server's connection string; default <c>LIFECYCLE_TEST_POSTGRES</c>),
/// <c>--silo</c>, <c>--data</c>, <c>--db-delay-ms</c> (the silos reach PostgreSQL through a loopback proxy that adds this
/// much to each round trip, as a network would; 0, the default, connects them directly).
/// </summary>
internal sealed record ClusterIngestOptions(
    int Silos, TimeSpan Duration, int Customers, int Batch, int Workers, bool Kill, string Postgres, string SiloDll, string DataDirectory)
{
    public TimeSpan DatabaseDelay { get; init; }

    public static ClusterIngestOptions Parse(string[] args)
    {
        int Number(string name, int otherwise) =>
            HarnessArguments.Value(args, name) is { } given ? int.Parse(given, CultureInfo.InvariantCulture) : otherwise;

        var postgres = HarnessArguments.Value(args, "--postgres") ?? Environment.GetEnvironmentVariable("LIFECYCLE_TEST_POSTGRES")
            ?? throw new ArgumentException("--postgres or LIFECYCLE_TEST_POSTGRES: a PostgreSQL server to create the database on (eval \"$(.ci/postgres.sh start)\" starts one)");
        var options = new ClusterIngestOptions(
            Number("--silos", 3),
            TimeSpan.FromSeconds(Number("--seconds", 60)),
            Number("--customers", 20000),
            Number("--batch", 500),
            Number("--workers", 8),
            args.Contains("--kill"),
            postgres,
            HarnessArguments.SiloDll(args),
            HarnessArguments.Value(args, "--data") ?? Path.Combine(Path.GetTempPath(), $"lifecycle-cluster-ingest-{DateTime.UtcNow:yyyyMMddHHmmss}"))
        {
            DatabaseDelay = TimeSpan.FromMilliseconds(HarnessArguments.Value(args, "--db-delay-ms") is { } delay ? double.Parse(delay, CultureInfo.InvariantCulture) : 0),
        };
        return options is { Silos: >= 1, Customers: >= 1, Batch: >= 1 and <= 1000, Workers: >= 1 } && options.Duration > TimeSpan.Zero && (!options.Kill || options.Silos >= 2)
            && options.DatabaseDelay >= TimeSpan.Zero && options.DatabaseDelay <= TimeSpan.FromSeconds(1)
            ? options
            : throw new ArgumentException("--silos, --customers, --workers and --seconds must be positive, --batch 1..1000, --db-delay-ms 0..1000, and --kill needs at least 2 silos");
    }
}
