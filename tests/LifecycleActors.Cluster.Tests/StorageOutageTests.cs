using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// PostgreSQL stopped under sustained load for <see cref="Outage"/>, then started again, under a silo process of its
/// own: the storefront is told 503 with <c>Retry-After</c> and a problem body (never 500) and retries the same batch,
/// readiness is 503 during and 200 after, the log says once that storage went and once that it came back, every
/// acknowledged event is applied exactly once, and the lapses that fell due during the outage happen afterwards, once
/// each, with one win-back webhook each.
/// </summary>
public sealed partial class StorageOutageTests
{
    private const int Customers = 100;
    private const int BatchSize = 50;
    private const int Lapsing = 20;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_postgres_under_load_answers_503_logs_once_loses_nothing_and_fires_what_fell_due_once()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        using var directory = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        var pooled = new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;
        await using var silo = await SiloProcess.StartAsync(
            directory.Path, pooled, SiloCluster.Tenant, SiloCluster.ApiKey,
            ["--Storage:Provider", "postgres", "--Lifecycle:Model:RefitInterval", "01:00:00", .. LapsingCustomers.Settings]);
        await LapsingCustomers.CreateCampaignAsync(silo.BaseAddress, receiver);
        using var api = ClusterChecks.Api(silo.BaseAddress);
        var shop = new FailoverShop("s", Customers, DateTimeOffset.UtcNow);
        var lapsing = new LapsingCustomers("due", Lapsing);
        var load = new OutageLoad(api, shop, BatchSize);
        using var stop = new CancellationTokenSource();
        var readiness = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).Append(OutageChecks.WatchReadinessAsync(silo.BaseAddress, clock, readiness, stop.Token)));
        TimeSpan stoppedAt, startedAt, readyAt;
        DateTimeOffset down, up;
        try
        {
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= 2000, TimeSpan.FromSeconds(60), "load under way");
            // They lapse one after the other from 10 s on: inside the outage that starts now.
            await lapsing.PostOrdersAsync(api, DateTimeOffset.UtcNow.AddSeconds(10), TimeSpan.FromSeconds(0.5));
            await postgres.StopAsync();
            stoppedAt = clock.Elapsed;
            down = DateTimeOffset.UtcNow;
            await Eventually.Get(() => Task.FromResult(load.Count(503)), n => n > 0, TimeSpan.FromSeconds(20), "a 503 while PostgreSQL is down");
            await Task.Delay(Outage - (clock.Elapsed - stoppedAt), Ct); // the fault itself lasts this long, whatever is asserted
            var acknowledgedDuring = load.Acknowledged;
            await postgres.StartAgainAsync();
            startedAt = clock.Elapsed;
            up = DateTimeOffset.UtcNow;
            await Eventually.Get(() => Task.FromResult(readiness.LastOrDefault()), r => r.At > startedAt && r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready again");
            readyAt = readiness.Last(r => r.Status == HttpStatusCode.OK).At;
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= acknowledgedDuring + 2000, Settle, "load acknowledged again");
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }

        var dueDuring = lapsing.DueAt.Count(at => at > down && at < up);
        Report($"outage {(startedAt - stoppedAt).TotalSeconds:F1} s; {load.Acknowledged:N0} events acknowledged in {clock.Elapsed.TotalSeconds:F0} s; " +
            $"answers: {string.Join(", ", load.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"))}; " +
            $"ready again {(readyAt - startedAt).TotalSeconds:F1} s after the start; longest time without an acknowledgement {load.LongestGap.TotalSeconds:F1} s; " +
            $"{dueDuring} of {Lapsing} lapses fell due during the outage");
        Assert.Null(load.Abandoned);
        Assert.All(load.Answers.Keys, status => Assert.Contains(status, new[] { "202", "503" }));
        Assert.Empty(load.BadUnavailable);
        Assert.Contains(readiness, r => r.At > stoppedAt && r.At < startedAt && r.Status == HttpStatusCode.ServiceUnavailable);
        Assert.True(dueDuring > 0, "no lapse fell due during the outage: the setup before it took too long");

        await OutageChecks.AssertAppliedOnceAsync(api, shop, load, otherEvents: Lapsing);
        await lapsing.AssertEachLapsedOnceAsync(api, Settle);
        var stats = await lapsing.SentStatsAsync(silo.BaseAddress, Settle);
        Assert.Equal(Lapsing, stats.GetProperty("entered").GetInt32());
        Assert.Equal(Lapsing, stats.GetProperty("sent").GetInt32());
        Assert.Equal(Lapsing, receiver.Accepted.Count);
        Assert.Equal(lapsing.Ids.Order(), receiver.Accepted.Select(key => key.Split(':')[2]).Order());
        Assert.Equal(0, receiver.Rejected);
        Report($"webhooks: {receiver.Accepted.Count} accepted, {receiver.Requests.Count} requests");

        var log = silo.LogTail(int.MaxValue);
        Assert.Single(Regex.Matches(log, "storage unreachable"));
        Assert.Single(Regex.Matches(log, @"storage reachable again after [0-9.]+ s"));
        // The service's own lines and ASP.NET Core's carry no stack trace; Orleans' grain storage and activation errors
        // still do (their categories are Orleans'; see docs/reliability.md).
        var traced = OutageChecks.TracedLines(log);
        Assert.True(traced.Length == 0, $"stack traces in the silo log:\n{traced}");
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
