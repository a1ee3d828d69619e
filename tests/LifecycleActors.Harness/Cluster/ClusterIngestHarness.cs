using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Tests.Shared;
using Npgsql;

namespace LifecycleActors.Harness.Cluster;

/// <summary>
/// Durable ingestion on a cluster of Release silos on one PostgreSQL database: the load posts batches round-robin to
/// the silos (retrying a failed request on the next one with the same event ids) for a while, then waits until the
/// cluster has applied every acknowledged event. With <c>--kill</c> the last silo is killed halfway and the harness
/// measures how long until every customer answers again with the events acknowledged before the kill.
/// </summary>
internal static class ClusterIngestHarness
{
    public const string Name = "cluster-ingest";
    private const int SiloPoolSize = 40;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(3);
    private static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = ClusterIngestOptions.Parse(args);
        // Each silo has two pools (the service's tables, Orleans' grain state and membership): bounded, so that three
        // silos stay within the server's max_connections (300 with .ci/postgres.sh).
        var direct = await BenchDatabase.CreateAsync(options.Postgres, "lifecycle_bench", SiloPoolSize);
        Console.WriteLine(Format($"cluster ingest: {options.Silos} silos on PostgreSQL ({new NpgsqlConnectionStringBuilder(direct).Database}), {options.Duration.TotalSeconds:F0} s of load over {options.Customers:N0} customers, batches of {options.Batch}, {options.Workers} in flight{(options.Kill ? ", the last silo killed halfway" : "")}"));
        await using var proxy = LatencyProxy.InFrontOf(direct, options.DatabaseDelay);
        var database = LatencyProxy.Through(proxy, direct);
        if (proxy is not null)
        {
            Console.WriteLine(Format($"the silos reach PostgreSQL through a proxy adding {options.DatabaseDelay.TotalMilliseconds:F1} ms a round trip; SELECT 1, median of 200: {await RoundTrip.MedianAsync(direct):F2} ms direct, {await RoundTrip.MedianAsync(database):F2} ms through it"));
        }

        var silos = new List<BenchSilo>();
        try
        {
            var started = Stopwatch.StartNew();
            silos.AddRange(await Task.WhenAll(Enumerable.Range(0, options.Silos).Select(i => StartAsync(options, database, i))));
            Console.WriteLine(Format($"{options.Silos} silos ready in {started.Elapsed.TotalSeconds:F1} s: {string.Join(", ", silos.Select(s => s.BaseAddress))}"));
            return await MeasureAsync(options, silos);
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private static async Task<int> MeasureAsync(ClusterIngestOptions options, List<BenchSilo> silos)
    {
        var up = silos.Select(s => s.BaseAddress).ToList();
        IReadOnlyList<Uri> Up()
        {
            lock (up)
            {
                return [.. up];
            }
        }

        var shop = new FailoverShop("bench", options.Customers, DateTimeOffset.UtcNow);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var load = new ClusterLoad(http, BenchSilo.ApiKey, Up, shop, new ClusterLoad.Options(options.Workers, options.Batch, TimeSpan.FromMinutes(2)));
        using var stop = new CancellationTokenSource();
        var loading = load.RunAsync(stop.Token);
        RecoveryProbe.Recovery? recovery = null;
        if (options.Kill)
        {
            await Task.Delay(options.Duration / 2);
            var acknowledged = Enumerable.Range(0, shop.Customers).Select(load.AcknowledgedOf).ToArray();
            var killedAt = Stopwatch.GetTimestamp();
            lock (up)
            {
                up.Remove(silos[^1].BaseAddress);
            }

            await silos[^1].DisposeAsync();
            recovery = await RecoveryProbe.MeasureAsync(BenchSilo.ApiKey, Up, shop, acknowledged, killedAt, TimeSpan.FromMinutes(2), CancellationToken.None);
            Console.WriteLine(Format($"killed {silos[^1].BaseAddress}: {recovery.Affected:N0} customers affected, all answering again after {recovery.Max.TotalSeconds:F1} s (median {recovery.Median.TotalSeconds:F1} s, {recovery.Unanswered} never)"));
            silos.RemoveAt(silos.Count - 1);
            await Task.Delay(options.Duration / 2 - Stopwatch.GetElapsedTime(killedAt) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        }
        else
        {
            await Task.Delay(options.Duration);
        }

        await stop.CancelAsync();
        await loading;
        var sending = load.Elapsed;
        var applied = await WaitAppliedAsync(http, Up()[0], load);
        var ack = load.AckMilliseconds.Order().ToArray();
        Console.WriteLine();
        Console.WriteLine("| silos | round trip added | acknowledged events | accepted events/s | applied events/s (first send → all applied) | ack p50 / p99 | applied after last ack | retried requests |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(Format(
            $"| {options.Silos}{(options.Kill ? " (one killed halfway)" : "")} | {options.DatabaseDelay.TotalMilliseconds:F1} ms | {load.Events:N0} | {load.Events / sending.TotalSeconds:N0} | {(applied is { } a ? (load.Events / a.TotalSeconds).ToString("N0", Numbers) : "not all applied")} | {Percentile(ack, 0.5):F0} / {Percentile(ack, 0.99):F0} ms | {(applied is { } b ? $"{(b - sending).TotalSeconds:F1} s" : "–")} | {load.Retries:N0} |"));
        if (load.Abandoned is { } abandoned)
        {
            Console.WriteLine($"abandoned: {abandoned}");
        }

        return applied is not null && load.Abandoned is null && recovery is not { Unanswered: > 0 } ? 0 : 1;
    }

    /// <summary>The time from the first send until the cluster's stats count every acknowledged event; null on timeout.</summary>
    private static async Task<TimeSpan?> WaitAppliedAsync(HttpClient http, Uri silo, ClusterLoad load)
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < ApplyTimeout)
        {
            using var stats = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/api/v1/stats"));
            stats.Headers.Add("X-Api-Key", BenchSilo.ApiKey);
            using var response = await http.SendAsync(stats);
            var applied = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventsApplied").GetInt64();
            if (applied >= load.Events)
            {
                return load.Elapsed;
            }

            await Task.Delay(100);
        }

        return null;
    }

    private static Task<BenchSilo> StartAsync(ClusterIngestOptions options, string database, int index)
    {
        var data = Path.Combine(options.DataDirectory, $"silo-{index}");
        Directory.CreateDirectory(data);
        return BenchSilo.StartAsync(options.SiloDll, data, ["--Storage:Provider", "postgres", "--ConnectionStrings:Lifecycle", database]);
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static string Format(FormattableString text) => text.ToString(Numbers);
}
