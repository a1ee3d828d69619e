using System.Globalization;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// Options of the limits harness: <c>--customers</c> ids for the traffic (100 000), <c>--seconds</c> of saturation
/// per database (15), <c>--latency-seconds</c> per load level (8), <c>--latency-levels</c> the levels as
/// fractions of (c) in the order run (0.25,0.5,0.8), <c>--log-seconds</c> of raw appends (6),
/// <c>--active</c> customers activated for the memory figure (1 000 000), <c>--cold-customers</c> ids of the mostly
/// cold traffic (1 000 000), <c>--cold-seconds</c> of it (60), <c>--zipf</c> its popularity exponent (0.8),
/// <c>--collection-age</c> in seconds for it (15), <c>--postgres</c> (a server to create the databases on; otherwise a
/// throwaway one is started), <c>--no-postgres</c>, <c>--no-sqlite</c>, <c>--phases</c> (a subset of <c>abcdef</c>,
/// for profiling one part), <c>--customer-grains</c> (each customer in memory a grain of its own, the way before ADR 0019), <c>--silo</c>,
/// <c>--data</c>.
/// </summary>
internal sealed record LimitsOptions(
    int Customers,
    TimeSpan Saturation,
    TimeSpan LatencyLevel,
    IReadOnlyList<double> LatencyLevels,
    TimeSpan LogAppend,
    int Active,
    int ColdCustomers,
    TimeSpan ColdTraffic,
    double ZipfExponent,
    TimeSpan CollectionAge,
    string? Postgres,
    bool SkipPostgres,
    bool SkipSqlite,
    string Phases,
    string SiloDll,
    string DataDirectory,
    bool KeepData,
    bool CustomerGrains)
{
    /// <summary>The silo's settings for <see cref="CustomerGrains"/>, given to every silo the harness starts.</summary>
    public IEnumerable<string> ResidencyArguments => CustomerGrains ? ["--Lifecycle:Residency:InPartition", "false"] : [];

    public static readonly double[] DefaultLatencyLevels = [0.25, 0.5, 0.8];

    public bool Runs(char phase) => Phases.Contains(phase, StringComparison.Ordinal);

    private static string ValidPhases(string given) =>
        given.Length > 0 && given.All(p => p is >= 'a' and <= 'f') ? given : throw new ArgumentException($"--phases: letters among a, b, c, d, e and f, not '{given}'");

    public static LimitsOptions Parse(string[] args)
    {
        int Number(string name, int otherwise) =>
            HarnessArguments.Value(args, name) is { } given
                ? int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: a positive whole number, not '{given}'")
                : otherwise;

        double Exponent(string name, double otherwise) =>
            HarnessArguments.Value(args, name) is { } given
                ? double.TryParse(given, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x) && x is > 0 and <= 3 ? x : throw new ArgumentException($"{name}: a number above 0 and at most 3, not '{given}'")
                : otherwise;

        IReadOnlyList<double> Fractions(string name, double[] otherwise)
        {
            if (HarnessArguments.Value(args, name) is not { } given)
            {
                return otherwise;
            }

            var fractions = given.Split(',', StringSplitOptions.TrimEntries);
            return fractions.All(f => double.TryParse(f, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var x) && x is > 0 and <= 1)
                ? fractions.Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray()
                : throw new ArgumentException($"{name}: fractions of (c) above 0 and at most 1, separated by commas (such as 0.25,0.5), not '{given}'");
        }

        var data = HarnessArguments.Value(args, "--data");
        return new LimitsOptions(
            Number("--customers", 100_000),
            TimeSpan.FromSeconds(Number("--seconds", 15)),
            TimeSpan.FromSeconds(Number("--latency-seconds", 8)),
            Fractions("--latency-levels", DefaultLatencyLevels),
            TimeSpan.FromSeconds(Number("--log-seconds", 6)),
            Number("--active", 1_000_000),
            Number("--cold-customers", 1_000_000),
            TimeSpan.FromSeconds(Number("--cold-seconds", 60)),
            Exponent("--zipf", 0.8),
            TimeSpan.FromSeconds(Math.Max(10, Number("--collection-age", 15))),
            HarnessArguments.Value(args, "--postgres") ?? Environment.GetEnvironmentVariable("LIFECYCLE_BENCH_POSTGRES"),
            args.Contains("--no-postgres"),
            args.Contains("--no-sqlite"),
            ValidPhases(HarnessArguments.Value(args, "--phases") ?? "abcdef"),
            HarnessArguments.SiloDll(args),
            data ?? Path.Combine(Path.GetTempPath(), $"lifecycle-limits-{DateTime.UtcNow:yyyyMMddHHmmss}"),
            KeepData: data is not null,
            CustomerGrains: args.Contains("--customer-grains"));
    }
}
