using System.Diagnostics;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// The short soak CI runs (the long one is the harness's <c>soak</c>, docs/reliability.md): three silo processes on
/// PostgreSQL at a steady rate, one silo killed (SIGKILL) and started again every <see cref="KillEvery"/>, in turn;
/// the storefront retries on another silo, and afterwards every acknowledged event is applied once by every customer
/// and the cluster, and the acknowledgements never stopped for long.
/// </summary>
public sealed class SoakTests(TestPostgres server) : IClassFixture<TestPostgres>
{
    private const int Customers = 500;
    private const int Kills = 3;
    private const double BatchesPerSecond = 8;
    private static readonly TimeSpan KillEvery = TimeSpan.FromSeconds(20);

    private static readonly string[] SiloArguments =
    [
        "--Orleans:Membership:ProbeTimeout", "00:00:02",
        "--Orleans:Membership:NumMissedProbesLimit", "2",
        "--Lifecycle:Model:RefitInterval", "01:00:00",
    ];

    [Fact]
    public async Task A_silo_killed_every_few_seconds_at_a_steady_rate_loses_and_doubles_nothing()
    {
        var connectionString = await server.CreateDatabaseAsync();
        using var directory = new TempDirectory();
        await using var cluster = await SiloCluster.StartAsync(3, directory.Path, connectionString, SiloArguments);
        var shop = new FailoverShop("k", Customers, DateTimeOffset.UtcNow);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var load = new ClusterLoad(http, SiloCluster.ApiKey, () => cluster.Up, shop, new ClusterLoad.Options(8, 50, TimeSpan.FromSeconds(60), BatchesPerSecond));
        using var stop = new CancellationTokenSource();
        var loading = load.RunAsync(stop.Token);
        var clock = Stopwatch.StartNew();
        var windows = new List<string>();
        try
        {
            var windowStart = TimeSpan.Zero;
            for (var kill = 0; kill <= Kills; kill++)
            {
                // The fault's pace (a kill every KillEvery, the last silo back first), not a wait for a result.
                await Task.Delay(Max(TimeSpan.Zero, windowStart + KillEvery - clock.Elapsed), TestContext.Current.CancellationToken);
                windows.Add(Window(load, windowStart, clock.Elapsed));
                windowStart = clock.Elapsed;
                if (kill < Kills)
                {
                    await cluster.KillAsync(kill % 3);
                    await cluster.StartAsync(kill % 3);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{load.Events:N0} events acknowledged in {load.Elapsed.TotalSeconds:F0} s, {Kills} kills, {load.Retries} retried requests, " +
            $"longest time without an acknowledgement {load.LongestGap.TotalSeconds:F1} s; per window: {string.Join("; ", windows)}");
        Assert.Null(load.Abandoned);
        Assert.InRange(load.LongestGap, TimeSpan.Zero, TimeSpan.FromSeconds(15));
        await ClusterChecks.VerifyAsync(cluster.Up, shop, load);
        await ClusterChecks.AssertStatsCountAsync(cluster.Up[0], load.Events);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Requests acknowledged in the window and their latency (p50 / p99 / max).</summary>
    private static string Window(ClusterLoad load, TimeSpan start, TimeSpan end)
    {
        var acks = load.AckLog.Where(a => a.At > start && a.At <= end).Select(a => a.Milliseconds).Order().ToArray();
        double At(double q) => acks.Length == 0 ? 0 : acks[Math.Min(acks.Length - 1, (int)(q * acks.Length))];
        return $"{start.TotalSeconds:F0}–{end.TotalSeconds:F0} s: {acks.Length} requests, {At(0.5):F0} / {At(0.99):F0} / {acks.LastOrDefault():F0} ms";
    }
}
