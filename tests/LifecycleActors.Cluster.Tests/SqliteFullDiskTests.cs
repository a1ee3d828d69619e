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
/// A silo process whose SQLite files live on a small tmpfs that a filler file all but fills while a storefront posts:
/// writes are refused with 503, <c>Retry-After</c> and "disk full" (never 500), readiness is 503 while the disk is
/// full, the log says so once; when the filler is deleted the service takes writes again by itself, every acknowledged
/// event is applied exactly once, and <c>PRAGMA integrity_check</c> finds the three files undamaged.
/// </summary>
public sealed class SqliteFullDiskTests
{
    private const int Customers = 100;
    private const int BatchSize = 50;
    private const int Megabytes = 16;
    private const long LeftFree = 256 * 1024;
    private static readonly TimeSpan FullFor = TimeSpan.FromSeconds(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_disk_refuses_writes_with_503_loses_nothing_and_recovers_when_space_is_freed()
    {
        using var directory = new TempDirectory();
        using var disk = SmallFilesystem.Mount(Path.Combine(directory.Path, "disk"), Megabytes);
        var database = Path.Combine(disk.Path, "lifecycle.db");
        var silo = await SiloProcess.StartAsync(
            directory.Path, $"Data Source={database};Pooling=True;Default Timeout=5", SiloCluster.Tenant, SiloCluster.ApiKey, "--Lifecycle:Model:RefitInterval", "01:00:00");
        try
        {
            using var api = ClusterChecks.Api(silo.BaseAddress);
            var shop = new FailoverShop("f", Customers, DateTimeOffset.UtcNow);
            var load = new OutageLoad(api, shop, BatchSize);
            using var stop = new CancellationTokenSource();
            var readiness = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
            var clock = Stopwatch.StartNew();
            var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).Append(WatchReadinessAsync(silo.BaseAddress, clock, readiness, stop.Token)));
            TimeSpan fullAt, freedAt, readyAt, acknowledgedAt;
            long acknowledgedWhileFull;
            try
            {
                await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= 1000, TimeSpan.FromSeconds(60), "load under way");
                disk.FillLeaving(LeftFree);
                await Eventually.Get(() => Task.FromResult(load.Refused("disk full")), refused => refused, TimeSpan.FromSeconds(90), "a write refused for a full disk");
                fullAt = clock.Elapsed;
                var atFirstRefusal = load.Acknowledged;
                await Task.Delay(FullFor, Ct); // the fault itself lasts this long, whatever is asserted
                acknowledgedWhileFull = load.Acknowledged - atFirstRefusal;
                var acknowledgedBeforeFreeing = load.Acknowledged;
                disk.RemoveFiller();
                freedAt = clock.Elapsed;
                await Eventually.Get(() => Task.FromResult(readiness.LastOrDefault()), r => r.At > freedAt && r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again");
                readyAt = readiness.First(r => r.At > freedAt && r.Status == HttpStatusCode.OK).At;
                await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n > acknowledgedBeforeFreeing, TimeSpan.FromSeconds(60), "a write acknowledged again");
                acknowledgedAt = clock.Elapsed;
                await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= acknowledgedBeforeFreeing + 1000, TimeSpan.FromSeconds(90), "load acknowledged again");
            }
            finally
            {
                await stop.CancelAsync();
                await loading;
            }

            Report($"disk full at {fullAt.TotalSeconds:F1} s for {(freedAt - fullAt).TotalSeconds:F1} s; {load.Acknowledged:N0} events acknowledged " +
                $"({acknowledgedWhileFull:N0} between the first refusal and the freeing) in {clock.Elapsed.TotalSeconds:F0} s; answers: {load.Summary}; refusals: " +
                $"{string.Join(" | ", load.Refusals.Select(r => $"{r.Key} ×{r.Value}"))}; ready {(readyAt - freedAt).TotalSeconds:F1} s and acknowledging " +
                $"{(acknowledgedAt - freedAt).TotalSeconds:F1} s after the filler was deleted; slowest request {load.Slowest.TotalSeconds:F1} s");
            Assert.Null(load.Abandoned);
            Assert.All(load.Answers.Keys, status => Assert.Contains(status, new[] { "202", "503", "507" }));
            Assert.Empty(load.BadUnavailable);
            Assert.Contains(readiness, r => r.At > fullAt && r.At < freedAt && r.Status == HttpStatusCode.ServiceUnavailable);

            await AssertEachEventOnceAsync(silo.BaseAddress, shop, load);
            var log = silo.LogTail(int.MaxValue);
            Assert.Single(Regex.Matches(log, "storage unreachable"));
            Assert.Single(Regex.Matches(log, @"storage unreachable \(disk full"));
            Assert.Single(Regex.Matches(log, @"storage reachable again after [0-9.]+ s"));
            var traced = TracedLines(log);
            Assert.True(traced.Length == 0, $"stack traces in the silo log:\n{traced}");

            await silo.StopAsync();
            foreach (var file in new[] { "lifecycle.db", "lifecycle-read.db", "lifecycle-grains.db" })
            {
                Assert.Equal((file, "ok"), (file, IntegrityOf(Path.Combine(disk.Path, file))));
            }
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary><c>PRAGMA integrity_check</c> of a database file: "ok" when undamaged.</summary>
    private static string IntegrityOf(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return string.Join("; ", rows);
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
