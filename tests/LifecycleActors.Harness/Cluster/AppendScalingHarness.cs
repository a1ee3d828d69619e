using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Storage;
using LifecycleActors.Storage.EventLog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Harness.Cluster;

/// <summary>
/// The event log's appends alone, from 1 and from several writers at once, each with its own connection pool and its
/// own group commit as each silo of a cluster has, against one PostgreSQL that may sit behind a proxy adding a round
/// trip's delay. The same total load each time: a number of requests kept in flight, shared out over the writers.
/// What it shows is whether appends from more silos add up or wait for each other (ADR 0009, ADR 0020).
/// </summary>
internal static class AppendScalingHarness
{
    public const string Name = "append-scaling";
    private static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var direct = await BenchDatabase.CreateAsync(options.Postgres, "lifecycle_append");
        await using var proxy = LatencyProxy.InFrontOf(direct, options.Delay);
        var database = LatencyProxy.Through(proxy, direct);
        var storage = new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = database };
        await StorageBackend.From(storage).MigrateAsync();
        Console.WriteLine(Format($"append scaling: {options.InFlight} requests of {options.Batch} {(options.Browsers ? "events of one browser (an identify, then visits under its anonymous id)" : "events of known customers")} in flight over 1 tenant, {options.Duration.TotalSeconds:F0} s per run, writers {string.Join(", ", options.Writers)}"));
        Console.WriteLine(Format($"round trip to PostgreSQL (SELECT 1, median of 200): {await RoundTrip.MedianAsync(database):F2} ms{(proxy is null ? "" : $" through a proxy adding {options.Delay.TotalMilliseconds:F1} ms, {await RoundTrip.MedianAsync(direct):F2} ms direct")}"));
        Console.WriteLine();
        Console.WriteLine("| writers (silos) | requests in flight each | appended events/s | requests/s | append p50 / p99 |");
        Console.WriteLine("|---|---|---|---|---|");
        for (var run = 0; run < options.Writers.Count; run++)
        {
            var writers = options.Writers[run];
            var (events, requests, latencies) = await MeasureAsync(storage, writers, options, $"r{run}");
            Array.Sort(latencies);
            Console.WriteLine(Format(
                $"| {writers} | {options.InFlight / (double)writers:0.#} | {events:N0} | {requests:N0} | {Percentile(latencies, 0.5):F1} / {Percentile(latencies, 0.99):F1} ms |"));
        }

        return 0;
    }

    private static async Task<(double Events, double Requests, double[] Latencies)> MeasureAsync(StorageOptions storage, int writers, Options options, string run)
    {
        var providers = new List<ServiceProvider>();
        try
        {
            for (var w = 0; w < writers; w++)
            {
                var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddSingleton(TimeProvider.System);
                StorageBackend.From(storage).AddStorageServices(services, storage);
                providers.Add(services.BuildServiceProvider());
            }

            var logs = providers.Select(p => p.GetRequiredService<IEventLog>()).ToList();

            // Warm each writer's pool and prepared statements before the clock starts.
            await Task.WhenAll(logs.Select((log, w) => log.AppendAsync("bench", Requests(options, run + "w", w, 0), CancellationToken.None)));
            var latencies = new List<double>();
            long appended = 0;
            long requests = 0;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, options.InFlight).Select(lane => Task.Run(async () =>
            {
                var log = logs[lane % writers];
                var mine = new List<double>();
                for (var i = 0; Stopwatch.GetElapsedTime(started) < options.Duration; i++)
                {
                    var sent = Stopwatch.GetTimestamp();
                    var result = await log.AppendAsync("bench", Requests(options, run, lane, i), CancellationToken.None);
                    mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Add(ref appended, result.Accepted.Count);
                    Interlocked.Increment(ref requests);
                }

                lock (latencies)
                {
                    latencies.AddRange(mine);
                }
            })));
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return (appended / seconds, requests / seconds, [.. latencies]);
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One request, its ids unique to the run, the lane and the request: visits of distinct known customers; or, with
    /// <c>--browsers</c>, what a signed-in browser sends: an identify of its visitor id (one of 50 per lane, so most
    /// repeat a link made before) and visits under that id, which the log routes to the customer.
    /// </summary>
    private static NewEvent[] Requests(Options options, string run, int lane, int request)
    {
        var at = DateTimeOffset.UtcNow;
        if (!options.Browsers)
        {
            return [.. Enumerable.Range(0, options.Batch).Select(k => new NewEvent($"{run}-{lane}-{request}-{k}", $"c{((lane * 7919) + (request * options.Batch) + k) % 100_000}", "visit", at, null, null, null, null, "{}"))];
        }

        var visitor = $"anon-{lane}-{request % 50}";
        var customer = $"c-{lane}-{request % 50}";
        var identify = new NewEvent($"{run}-{lane}-{request}-i", visitor, "identify", at, null, null, null, null, "{}", Anonymous: true, LinkTo: customer);
        return [identify, .. Enumerable.Range(1, options.Batch - 1).Select(k => new NewEvent($"{run}-{lane}-{request}-{k}", visitor, "visit", at, null, null, null, null, "{}", Anonymous: true))];
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static string Format(FormattableString text) => text.ToString(Numbers);

    /// <summary>
    /// <c>--writers</c> a comma-separated list of writer counts (default 1,3), <c>--in-flight</c> requests in total
    /// (default 24), <c>--batch</c> events a request (default 20), <c>--seconds</c> per run (default 20),
    /// <c>--db-delay-ms</c> added to each round trip (default 1), <c>--postgres</c> (default <c>LIFECYCLE_TEST_POSTGRES</c>),
    /// <c>--browsers</c> (requests as a signed-in browser sends them).
    /// </summary>
    private sealed record Options(IReadOnlyList<int> Writers, int InFlight, int Batch, TimeSpan Duration, TimeSpan Delay, string Postgres)
    {
        public bool Browsers { get; init; }

        public static Options Parse(string[] args)
        {
            string? Value(string name) => HarnessArguments.Value(args, name);
            var options = new Options(
                [.. (Value("--writers") ?? "1,3").Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))],
                int.Parse(Value("--in-flight") ?? "24", CultureInfo.InvariantCulture),
                int.Parse(Value("--batch") ?? "20", CultureInfo.InvariantCulture),
                TimeSpan.FromSeconds(int.Parse(Value("--seconds") ?? "20", CultureInfo.InvariantCulture)),
                TimeSpan.FromMilliseconds(double.Parse(Value("--db-delay-ms") ?? "1", CultureInfo.InvariantCulture)),
                Value("--postgres") ?? Environment.GetEnvironmentVariable("LIFECYCLE_TEST_POSTGRES")
                    ?? throw new ArgumentException("--postgres or LIFECYCLE_TEST_POSTGRES: a PostgreSQL server to create the database on (eval \"$(.ci/postgres.sh start)\" starts one)"))
            {
                Browsers = args.Contains("--browsers"),
            };
            return options.Writers.All(w => w is >= 1 and <= 16) && options is { InFlight: >= 1, Batch: >= 1 and <= 1000 } && options.Duration > TimeSpan.Zero
                && options.Delay >= TimeSpan.Zero && options.Delay <= TimeSpan.FromSeconds(1) && options.Writers.All(w => w <= options.InFlight)
                ? options
                : throw new ArgumentException("--writers 1..16 each and at most --in-flight, --in-flight and --seconds positive, --batch 1..1000, --db-delay-ms 0..1000");
        }
    }
}
