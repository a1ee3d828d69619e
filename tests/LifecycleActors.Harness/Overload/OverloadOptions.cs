using System.Globalization;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Overload;

/// <summary>
/// Options of the overload harness: <c>--customers</c> ids for the traffic (20 000), <c>--saturation-seconds</c> of
/// the closed-loop saturation measurement (15), or <c>--saturation-rate</c> events/s to take as saturation instead of
/// measuring it (on a machine shared with other work the closed loop measures the neighbours), <c>--seconds</c> of open-loop load (60), <c>--load-percent</c> of the
/// measured saturation to offer (150), <c>--postgres</c> (run on PostgreSQL: a server to create the database on, or
/// <c>throwaway</c> for one started with <c>.ci/postgres.sh</c>; SQLite otherwise), the silo's ingest limits
/// (<c>--max-concurrent</c>, <c>--queue</c>, <c>--max-backlog</c>, or <c>--no-limit</c> to measure what queues without
/// them), <c>--silo</c>, <c>--data</c>.
/// </summary>
internal sealed record OverloadOptions(
    int Customers,
    TimeSpan Saturation,
    int? SaturationRate,
    TimeSpan Duration,
    int LoadPercent,
    string? Postgres,
    IReadOnlyList<string> IngestArguments,
    string SiloDll,
    string DataDirectory,
    bool KeepData)
{
    public static OverloadOptions Parse(string[] args)
    {
        int? Given(string name) =>
            HarnessArguments.Value(args, name) is { } given
                ? int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{name}: a positive whole number, not '{given}'")
                : null;

        var ingest = new List<string>();
        void Pass(string option, string key)
        {
            if (Given(option) is { } value)
            {
                ingest.AddRange([$"--Lifecycle:Ingest:{key}", value.ToString(CultureInfo.InvariantCulture)]);
            }
        }

        if (args.Contains("--no-limit"))
        {
            if (args.Any(a => a is "--max-concurrent" or "--queue" or "--max-backlog"))
            {
                throw new ArgumentException("--no-limit: not with --max-concurrent, --queue or --max-backlog");
            }

            ingest.AddRange(["--Lifecycle:Ingest:MaxConcurrentRequests", "100000", "--Lifecycle:Ingest:QueueLimit", "100000", "--Lifecycle:Ingest:MaxReadModelBacklog", "1000000000000"]);
        }

        Pass("--max-concurrent", "MaxConcurrentRequests");
        Pass("--queue", "QueueLimit");
        Pass("--max-backlog", "MaxReadModelBacklog");
        var data = HarnessArguments.Value(args, "--data");
        return new OverloadOptions(
            Given("--customers") ?? 20_000,
            TimeSpan.FromSeconds(Given("--saturation-seconds") ?? 15),
            Given("--saturation-rate"),
            TimeSpan.FromSeconds(Given("--seconds") ?? 60),
            Given("--load-percent") ?? 150,
            HarnessArguments.Value(args, "--postgres"),
            ingest,
            HarnessArguments.SiloDll(args),
            data ?? Path.Combine(Path.GetTempPath(), $"lifecycle-overload-{DateTime.UtcNow:yyyyMMddHHmmss}"),
            KeepData: data is not null);
    }
}
