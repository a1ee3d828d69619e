using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;
using static LifecycleActors.Cluster.Tests.OutageChecks;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// The directory holding the silo's SQLite files is moved away under load, then back. SQLite's open connections would
/// go on writing into the moved files (acknowledged events then lost with them if they never came back): the event log
/// refuses to commit while its file is not at its path, so requests are answered 503 with <c>Retry-After</c> and
/// "cannot open the database file" (never 500), readiness is 503, the log says so once; once the directory is back
/// the service takes writes again by itself and every acknowledged event is applied exactly once.
/// </summary>
public sealed class SqliteMovedFileTests
{
    private const int Customers = 100;
    private const int BatchSize = 50;
    private static readonly TimeSpan MovedFor = TimeSpan.FromSeconds(6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Moving_the_database_directory_away_answers_503_loses_nothing_and_recovers_when_it_is_back()
    {
        using var directory = new TempDirectory();
        var data = Path.Combine(directory.Path, "data");
        var moved = Path.Combine(directory.Path, "data-moved");
        Directory.CreateDirectory(data);
        await using var silo = await SiloProcess.StartAsync(
            directory.Path, $"Data Source={Path.Combine(data, "lifecycle.db")};Pooling=True;Default Timeout=5", SiloCluster.Tenant, SiloCluster.ApiKey,
            "--Lifecycle:Model:RefitInterval", "01:00:00");
        using var api = ClusterChecks.Api(silo.BaseAddress);
        var shop = new FailoverShop("m", Customers, DateTimeOffset.UtcNow);
        var load = new OutageLoad(api, shop, BatchSize);
        using var stop = new CancellationTokenSource();
        var readiness = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).Append(WatchReadinessAsync(silo.BaseAddress, clock, readiness, stop.Token)));
        TimeSpan movedAt, backAt, readyAt, acknowledgedAt;
        try
        {
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= 1000, TimeSpan.FromSeconds(60), "load under way");
            Directory.Move(data, moved);
            movedAt = clock.Elapsed;
            try
            {
                await Eventually.Get(() => Task.FromResult(load.Refused("cannot open the database file")), refused => refused, TimeSpan.FromSeconds(30), "a write refused for the moved file");
                await Task.Delay(MovedFor - (clock.Elapsed - movedAt), Ct); // the fault itself lasts this long, whatever is asserted
            }
            finally
            {
                Directory.Move(moved, data);
            }

            backAt = clock.Elapsed;
            var acknowledgedBeforeBack = load.Acknowledged;
            await Eventually.Get(() => Task.FromResult(readiness.LastOrDefault()), r => r.At > backAt && r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again");
            readyAt = readiness.First(r => r.At > backAt && r.Status == HttpStatusCode.OK).At;
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n > acknowledgedBeforeBack, TimeSpan.FromSeconds(60), "a write acknowledged again");
            acknowledgedAt = clock.Elapsed;
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= acknowledgedBeforeBack + 1000, TimeSpan.FromSeconds(90), "load acknowledged again");
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }

        Report($"moved at {movedAt.TotalSeconds:F1} s for {(backAt - movedAt).TotalSeconds:F1} s; {load.Acknowledged:N0} events acknowledged in " +
            $"{clock.Elapsed.TotalSeconds:F0} s; answers: {load.Summary}; refusals: {string.Join(" | ", load.Refusals.Select(r => $"{r.Key} ×{r.Value}"))}; " +
            $"ready {(readyAt - backAt).TotalSeconds:F1} s and acknowledging {(acknowledgedAt - backAt).TotalSeconds:F1} s after the move back; " +
            $"slowest request {load.Slowest.TotalSeconds:F1} s");
        Assert.Null(load.Abandoned);
        Assert.All(load.Answers.Keys, status => Assert.Contains(status, new[] { "202", "503" }));
        Assert.Empty(load.BadUnavailable);
        Assert.Contains(readiness, r => r.At > movedAt && r.At < backAt && r.Status == HttpStatusCode.ServiceUnavailable);

        await AssertEachEventOnceAsync(silo.BaseAddress, shop, load);
        var siloLog = silo.LogTail(int.MaxValue);
        Assert.Single(Regex.Matches(siloLog, "storage unreachable"));
        Assert.Single(Regex.Matches(siloLog, @"storage unreachable \(cannot open the database file"));
        Assert.Single(Regex.Matches(siloLog, @"storage reachable again after [0-9.]+ s"));
        var traced = TracedLines(siloLog);
        Assert.True(traced.Length == 0, $"stack traces in the silo log:\n{traced}");
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
