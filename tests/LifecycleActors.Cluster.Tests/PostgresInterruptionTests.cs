using System.Diagnostics;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Short interruptions of PostgreSQL under sustained load, on a silo process and a cluster of the test's own:
/// connections ended from the server side (<c>pg_terminate_backend</c>) and fast restarts while customers write
/// snapshots every few events and the read model writes behind. The storefront only ever sees 202 or 503 with
/// <c>Retry-After</c>, retries, and every acknowledged event is applied exactly once, also by a silo started
/// afterwards from the snapshots and the log.
/// </summary>
public sealed class PostgresInterruptionTests
{
    private const int Customers = 100;
    private const int BatchSize = 50;
    private const int Rounds = 3;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Snapshots after every 5 events: under the load, some customer is always writing one; the failure detection of
    /// the production settings (README).
    /// </summary>
    private static readonly string[] Settings =
    [
        "--Storage:Provider", "postgres", "--Lifecycle:Model:RefitInterval", "01:00:00", "--Lifecycle:Snapshots:EveryEvents", "5",
        "--Orleans:Membership:ProbeTimeout", "00:00:02", "--Orleans:Membership:NumMissedProbesLimit", "2",
    ];

    [Fact]
    public async Task Connections_ended_from_the_server_side_under_load_lose_nothing_and_never_answer_500()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        using var directory = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(directory.Path, Pooled(postgres), SiloCluster.Tenant, SiloCluster.ApiKey, Settings);
        using var api = ClusterChecks.Api(silo.BaseAddress);
        var shop = new FailoverShop("t", Customers, DateTimeOffset.UtcNow);
        var load = new OutageLoad(api, shop, BatchSize);
        var ended = 0;
        await UnderLoadAsync(load, async () =>
        {
            for (var round = 0; round < Rounds * 3; round++)
            {
                await AfterMoreAsync(load, 300);
                ended += await postgres.TerminateConnectionsAsync();
            }
        });

        Report($"{ended} connections ended in {Rounds * 3} rounds; {load.Acknowledged:N0} events acknowledged; answers: {Answers(load)}; " +
            $"longest time without an acknowledgement {load.LongestGap.TotalSeconds:F1} s");
        Assert.True(ended > 0, "no connection was ended");
        AssertOnlyAcceptedOrUnavailable(load);
        await OutageChecks.AssertAppliedOnceAsync(api, shop, load);
    }

    [Fact]
    public async Task Fast_restarts_during_snapshot_and_read_model_writes_lose_nothing_and_a_silo_started_afterwards_agrees()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        using var directory = new TempDirectory();
        var shop = new FailoverShop("r", Customers, DateTimeOffset.UtcNow);
        // Restarted on the same silo port, as a service manager restarts it: Orleans then knows the old entry is gone.
        string[] settings = [.. Settings, "--Orleans:Endpoints:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)];
        OutageLoad load;
        await using (var silo = await SiloProcess.StartAsync(directory.Path, Pooled(postgres), SiloCluster.Tenant, SiloCluster.ApiKey, settings))
        {
            using var api = ClusterChecks.Api(silo.BaseAddress);
            load = new OutageLoad(api, shop, BatchSize);
            var restarts = new List<double>();
            await UnderLoadAsync(load, async () =>
            {
                for (var round = 0; round < Rounds; round++)
                {
                    await AfterMoreAsync(load, 1000);
                    var restart = Stopwatch.StartNew();
                    await postgres.RestartFastAsync();
                    restarts.Add(restart.Elapsed.TotalSeconds);
                }
            });

            Report($"{Rounds} fast restarts ({string.Join(", ", restarts.Select(s => $"{s:F1} s"))}); {load.Acknowledged:N0} events acknowledged; " +
                $"answers: {Answers(load)}; longest time without an acknowledgement {load.LongestGap.TotalSeconds:F1} s");
            AssertOnlyAcceptedOrUnavailable(load);
            await OutageChecks.AssertAppliedOnceAsync(api, shop, load);

            // Killed now, the next silo starts every customer again from the snapshots and the log written through the restarts.
            await silo.KillAsync();
        }

        await using var next = await SiloProcess.StartAsync(directory.Path, Pooled(postgres), SiloCluster.Tenant, SiloCluster.ApiKey, settings);
        using var again = ClusterChecks.Api(next.BaseAddress);
        await OutageChecks.AssertAppliedOnceAsync(again, shop, load);
    }

    private static string Pooled(OwnPostgres postgres) =>
        new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;

    /// <summary>Four storefront workers post while <paramref name="faults"/> runs, and for 1 000 more events after it.</summary>
    private static async Task UnderLoadAsync(OutageLoad load, Func<Task> faults)
    {
        using var stop = new CancellationTokenSource();
        var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)));
        try
        {
            await AfterMoreAsync(load, 1000);
            await faults();
            await AfterMoreAsync(load, 1000);
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }

        Assert.Null(load.Abandoned);
    }

    private static Task<long> AfterMoreAsync(OutageLoad load, int events)
    {
        var target = load.Acknowledged + events;
        return Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= target, Deadline, $"{target} events acknowledged");
    }

    private static void AssertOnlyAcceptedOrUnavailable(OutageLoad load)
    {
        Assert.All(load.Answers.Keys, status => Assert.Contains(status, new[] { "202", "503" }));
        Assert.Empty(load.BadUnavailable);
    }

    private static string Answers(OutageLoad load) =>
        string.Join(", ", load.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"));

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
