using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Tests.Shared;
using Npgsql;

namespace LifecycleActors.Harness.Soak;

/// <summary>
/// A long run at a steady rate on a cluster on PostgreSQL, with one silo killed (SIGKILL) and started again every
/// <c>--kill-every</c>: per window it prints the events acknowledged, the acknowledgement latency, the apply lag and
/// each silo's resident memory; at the end it checks that every acknowledged event was applied exactly once (the
/// cluster's count and every customer's).
/// </summary>
internal static class SoakHarness
{
    public const string Name = "soak";
    private const int SiloPoolSize = 40;
    private const int Workers = 16;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(3);
    private static readonly NumberFormatInfo Numbers = new() { NumberGroupSeparator = " ", NumberDecimalSeparator = "." };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = SoakOptions.Parse(args);
        var database = await BenchDatabase.CreateAsync(options.Postgres, "lifecycle_soak", SiloPoolSize);
        Console.WriteLine(Format($"soak: {options.Silos} silos on PostgreSQL ({new NpgsqlConnectionStringBuilder(database).Database}), {options.Duration.TotalMinutes:F0} min at {options.Rate:N0} events/s over {options.Customers:N0} customers (batches of {options.Batch}), a silo killed every {options.KillEvery.TotalSeconds:F0} s"));
        await using var cluster = await SoakCluster.StartAsync(options, database);
        Console.WriteLine(Format($"{cluster.Size} silos ready: {string.Join(", ", cluster.Up())}"));

        var shop = new FailoverShop("soak", options.Customers, DateTimeOffset.UtcNow);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var load = new ClusterLoad(http, BenchSilo.ApiKey, cluster.Up, shop,
            new ClusterLoad.Options(Workers, options.Batch, TimeSpan.FromMinutes(2), (double)options.Rate / options.Batch));
        using var stop = new CancellationTokenSource();
        var loading = load.RunAsync(stop.Token);
        var clock = Stopwatch.StartNew();
        var windows = new List<SoakWindow>();
        var kills = 0;
        var restarting = Task.FromResult<TimeSpan[]>([]);
        var restarts = new List<TimeSpan>();
        var nextKill = options.KillEvery;
        var nextWindow = options.Window;
        Console.WriteLine();
        Console.WriteLine("| window | acknowledged events | events/s | ack p50 / p99 / max | apply lag at the end | resident memory per silo (MiB, age) | kills |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        while (clock.Elapsed < options.Duration)
        {
            var next = Min(nextKill, nextWindow, options.Duration);
            if (next > clock.Elapsed)
            {
                await Task.Delay(next - clock.Elapsed);
            }

            if (clock.Elapsed >= nextKill && nextKill < options.Duration)
            {
                // One silo down at a time: a kill falls due only once the previous one is back.
                var back = await restarting;
                restarts.AddRange(back);
                var slot = kills++ % cluster.Size;
                await cluster.KillAsync(slot);
                var killedAt = clock.Elapsed;
                Console.Error.WriteLine($"{killedAt:mm\\:ss} killed silo {slot}");
                restarting = RestartAsync(cluster, slot, killedAt);
                nextKill += options.KillEvery;
            }

            if (clock.Elapsed >= nextWindow || clock.Elapsed >= options.Duration)
            {
                var window = await SoakWindow.MeasureAsync(http, cluster, load, options.Batch, windows.LastOrDefault()?.End ?? TimeSpan.Zero, clock.Elapsed, kills);
                windows.Add(window);
                Console.WriteLine(window.Row(Numbers));
                nextWindow += options.Window;
            }
        }

        await stop.CancelAsync();
        await loading;
        restarts.AddRange(await restarting);
        var applied = await WaitAppliedAsync(http, cluster.Up()[0], load.Events);
        var wrong = await WrongCustomersAsync(http, cluster.Up(), shop, load);
        Console.WriteLine();
        Console.WriteLine(Format($"acknowledged {load.Events:N0} events in {load.Elapsed.TotalMinutes:F1} min ({load.Retries:N0} requests retried, longest time without an acknowledgement {load.LongestGap.TotalSeconds:F1} s, {kills} kills)"));
        Console.WriteLine(Format($"killed silos ready again after {string.Join(", ", restarts.Select(r => $"{r.TotalSeconds:F1} s"))}"));
        Console.WriteLine(Format($"applied by the cluster: {applied:N0} (lost {Math.Max(0, load.Events - applied):N0}, doubled {Math.Max(0, applied - load.Events):N0}); customers whose count differs from what was acknowledged for them: {wrong.Count}"));
        foreach (var line in wrong.Take(10))
        {
            Console.WriteLine($"  {line}");
        }

        if (load.Abandoned is { } abandoned)
        {
            Console.WriteLine($"abandoned: {abandoned}");
        }

        return applied == load.Events && wrong.Count == 0 && load.Abandoned is null ? 0 : 1;
    }

    /// <summary>The cluster's count of applied events once it reaches <paramref name="acknowledged"/> or stops moving for <see cref="ApplyTimeout"/>.</summary>
    private static async Task<long> WaitAppliedAsync(HttpClient http, Uri silo, long acknowledged)
    {
        var waiting = Stopwatch.StartNew();
        long applied;
        while ((applied = await SoakWindow.AppliedAsync(http, silo)) < acknowledged && waiting.Elapsed < ApplyTimeout)
        {
            await Task.Delay(200);
        }

        return applied;
    }

    /// <summary>Customers whose <c>eventsApplied</c> is not the number of events acknowledged for them.</summary>
    private static async Task<List<string>> WrongCustomersAsync(HttpClient http, IReadOnlyList<Uri> silos, FailoverShop shop, ClusterLoad load)
    {
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, shop.Customers), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var expected = FailoverShop.ExpectedAfter(load.AcknowledgedOf(i)).EventsApplied;
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silos[i % silos.Count], $"/api/v1/customers/{shop.CustomerId(i)}"));
            request.Headers.Add("X-Api-Key", BenchSilo.ApiKey);
            using var response = await http.SendAsync(request, ct);
            var applied = response.IsSuccessStatusCode
                ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("eventsApplied").GetInt32()
                : -1;
            if (applied != expected)
            {
                wrong.Add($"{shop.CustomerId(i)}: applied {applied}, acknowledged {expected} ({(int)response.StatusCode})");
            }
        });
        return [.. wrong];
    }

    private static async Task<TimeSpan[]> RestartAsync(SoakCluster cluster, int slot, TimeSpan killedAt)
    {
        var took = await cluster.RestartAsync(slot);
        Console.Error.WriteLine($"{killedAt + took:mm\\:ss} silo {slot} ready again after {took.TotalSeconds:F1} s");
        return [took];
    }

    private static TimeSpan Min(params TimeSpan[] times) => times.Min();

    private static string Format(FormattableString text) => text.ToString(Numbers);
}
