using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using Microsoft.Data.Sqlite;
using static LifecycleActors.Cluster.Tests.OutageChecks;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// Another process's connection holds the write lock of the silo's event log and read model files
/// (<c>BEGIN EXCLUSIVE</c>) for longer than the silo's busy timeout, under sustained load: requests are answered 503
/// with <c>Retry-After</c> and "locked" within a bound (never 500, never a hang), readiness is 503 while the lock is
/// held, the log says so once; once the lock is released the service takes writes again by itself and every
/// acknowledged event is applied exactly once.
/// </summary>
public sealed class SqliteLockTests
{
    private const int Customers = 100;
    private const int BatchSize = 50;
    private const int BusyTimeoutSeconds = 2;
    private static readonly TimeSpan LockedFor = TimeSpan.FromSeconds(10);

    /// <summary>A request waits for the commit under way and then its own, each at most the busy timeout.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds((3 * BusyTimeoutSeconds) + 2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_locked_by_another_writer_answers_503_within_a_bound_loses_nothing_and_recovers_when_released()
    {
        using var directory = new TempDirectory();
        var database = Path.Combine(directory.Path, "lifecycle.db");
        await using var silo = await SiloProcess.StartAsync(
            directory.Path, $"Data Source={database};Pooling=True;Default Timeout={BusyTimeoutSeconds}", SiloCluster.Tenant, SiloCluster.ApiKey,
            "--Lifecycle:Model:RefitInterval", "01:00:00");
        using var api = ClusterChecks.Api(silo.BaseAddress);
        var shop = new FailoverShop("l", Customers, DateTimeOffset.UtcNow);
        var load = new OutageLoad(api, shop, BatchSize);
        using var stop = new CancellationTokenSource();
        var readiness = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).Append(WatchReadinessAsync(silo.BaseAddress, clock, readiness, stop.Token)));
        TimeSpan lockedAt, releasedAt, readyAt, acknowledgedAt;
        try
        {
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= 1000, TimeSpan.FromSeconds(60), "load under way");
            var acknowledgedBeforeRelease = 0L;
            using (var log = Lock(database))
            using (var readModel = Lock(Path.Combine(directory.Path, "lifecycle-read.db")))
            {
                lockedAt = clock.Elapsed;
                await Eventually.Get(() => Task.FromResult(load.Refused("locked")), refused => refused, LockedFor, "a write refused for the lock");
                await Task.Delay(LockedFor - (clock.Elapsed - lockedAt), Ct); // the fault itself lasts this long, whatever is asserted
                acknowledgedBeforeRelease = load.Acknowledged;
            }

            releasedAt = clock.Elapsed;
            await Eventually.Get(() => Task.FromResult(readiness.LastOrDefault()), r => r.At > releasedAt && r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again");
            readyAt = readiness.First(r => r.At > releasedAt && r.Status == HttpStatusCode.OK).At;
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n > acknowledgedBeforeRelease, TimeSpan.FromSeconds(60), "a write acknowledged again");
            acknowledgedAt = clock.Elapsed;
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= acknowledgedBeforeRelease + 1000, TimeSpan.FromSeconds(90), "load acknowledged again");
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }

        Report($"locked at {lockedAt.TotalSeconds:F1} s for {(releasedAt - lockedAt).TotalSeconds:F1} s (busy timeout {BusyTimeoutSeconds} s); " +
            $"{load.Acknowledged:N0} events acknowledged in {clock.Elapsed.TotalSeconds:F0} s; answers: {load.Summary}; refusals: " +
            $"{string.Join(" | ", load.Refusals.Select(r => $"{r.Key} ×{r.Value}"))}; ready {(readyAt - releasedAt).TotalSeconds:F1} s and acknowledging " +
            $"{(acknowledgedAt - releasedAt).TotalSeconds:F1} s after the release; slowest request {load.Slowest.TotalSeconds:F1} s");
        Assert.Null(load.Abandoned);
        Assert.All(load.Answers.Keys, status => Assert.Contains(status, new[] { "202", "503" }));
        Assert.Empty(load.BadUnavailable);
        Assert.True(load.Slowest < AnswerBound, $"a request took {load.Slowest.TotalSeconds:F1} s (bound {AnswerBound.TotalSeconds} s)");
        Assert.Contains(readiness, r => r.At > lockedAt && r.At < releasedAt && r.Status == HttpStatusCode.ServiceUnavailable);

        await AssertEachEventOnceAsync(silo.BaseAddress, shop, load);
        var siloLog = silo.LogTail(int.MaxValue);
        Assert.Single(Regex.Matches(siloLog, "storage unreachable"));
        Assert.Single(Regex.Matches(siloLog, @"storage unreachable \(database locked"));
        Assert.Single(Regex.Matches(siloLog, @"storage reachable again after [0-9.]+ s"));
        var traced = TracedLines(siloLog);
        Assert.True(traced.Length == 0, $"stack traces in the silo log:\n{traced}");
    }

    /// <summary>A connection of the test's own (another writer) holding the file's write lock until disposed.</summary>
    private static SqliteConnection Lock(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE";
        begin.ExecuteNonQuery();
        return connection;
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
