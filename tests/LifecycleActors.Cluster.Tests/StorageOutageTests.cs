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
/// readiness is 503 during and 200 after, the log says once that storage went and once that it came back, and every
/// acknowledged event is applied exactly once.
/// </summary>
public sealed partial class StorageOutageTests
{
    private const int Customers = 100;
    private const int BatchSize = 50;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_postgres_under_load_answers_503_with_retry_after_logs_once_and_loses_nothing()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        using var directory = new TempDirectory();
        var pooled = new Npgsql.NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;
        await using var silo = await SiloProcess.StartAsync(
            directory.Path, pooled, SiloCluster.Tenant, SiloCluster.ApiKey, "--Storage:Provider", "postgres", "--Lifecycle:Model:RefitInterval", "01:00:00");
        using var api = ClusterChecks.Api(silo.BaseAddress);
        var shop = new FailoverShop("s", Customers, DateTimeOffset.UtcNow);
        var load = new OutageLoad(api, shop, BatchSize);
        using var stop = new CancellationTokenSource();
        var readiness = new ConcurrentQueue<(TimeSpan At, HttpStatusCode Status)>();
        var clock = Stopwatch.StartNew();
        var loading = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).Append(WatchReadinessAsync(silo.BaseAddress, clock, readiness, stop.Token)));
        TimeSpan stoppedAt, startedAt, readyAt;
        try
        {
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= 2000, TimeSpan.FromSeconds(60), "load under way");
            await postgres.StopAsync();
            stoppedAt = clock.Elapsed;
            await Eventually.Get(() => Task.FromResult(load.Count(503)), n => n > 0, TimeSpan.FromSeconds(20), "a 503 while PostgreSQL is down");
            await Task.Delay(Outage - (clock.Elapsed - stoppedAt), Ct); // the fault itself lasts this long, whatever is asserted
            var acknowledgedDuring = load.Acknowledged;
            await postgres.StartAgainAsync();
            startedAt = clock.Elapsed;
            await Eventually.Get(() => Task.FromResult(readiness.LastOrDefault()), r => r.At > startedAt && r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready again");
            readyAt = readiness.Last(r => r.Status == HttpStatusCode.OK).At;
            await Eventually.Get(() => Task.FromResult(load.Acknowledged), n => n >= acknowledgedDuring + 2000, TimeSpan.FromSeconds(60), "load acknowledged again");
        }
        finally
        {
            await stop.CancelAsync();
            await loading;
        }

        Report($"outage {(startedAt - stoppedAt).TotalSeconds:F1} s; {load.Acknowledged:N0} events acknowledged in {clock.Elapsed.TotalSeconds:F0} s; " +
            $"answers: {string.Join(", ", load.Answers.OrderBy(a => a.Key).Select(a => $"{a.Key} ×{a.Value}"))}; " +
            $"ready again {(readyAt - startedAt).TotalSeconds:F1} s after the start; longest time without an acknowledgement {load.LongestGap.TotalSeconds:F1} s");
        Assert.Null(load.Abandoned);
        Assert.All(load.Answers.Keys, status => Assert.Contains(status, new[] { "202", "503" }));
        Assert.Empty(load.BadUnavailable);
        Assert.Contains(readiness, r => r.At > stoppedAt && r.At < startedAt && r.Status == HttpStatusCode.ServiceUnavailable);

        await AssertAppliedOnceAsync(api, shop, load);
        var log = silo.LogTail(int.MaxValue);
        Assert.Single(Regex.Matches(log, "storage unreachable"));
        Assert.Single(Regex.Matches(log, @"storage reachable again after [0-9.]+ s"));
        // The service's own lines and ASP.NET Core's carry no stack trace; Orleans' grain storage and activation errors
        // still do (their categories are Orleans'; see docs/reliability.md).
        var traced = TracedLines(log);
        Assert.True(traced.Length == 0, $"stack traces in the silo log:\n{traced}");
    }

    /// <summary>Stats and every customer's grain count each acknowledged event once.</summary>
    private static async Task AssertAppliedOnceAsync(HttpClient api, FailoverShop shop, OutageLoad load)
    {
        await Eventually.Get(
            async () => (await (await api.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied == load.Acknowledged,
            timeout: TimeSpan.FromSeconds(45),
            what: $"stats count the {load.Acknowledged} events acknowledged");
        for (var i = 0; i < shop.Customers; i++)
        {
            var expected = FailoverShop.ExpectedAfter(load.AcknowledgedOf(i)).EventsApplied;
            var customer = await Eventually.Get(
                async () => (await (await api.GetAsync($"/api/v1/customers/{shop.CustomerId(i)}", Ct)).Json()).GetProperty("eventsApplied").GetInt32(),
                applied => applied >= expected,
                what: $"{shop.CustomerId(i)} counts its {expected} events");
            Assert.Equal(expected, customer);
        }
    }

    private static async Task WatchReadinessAsync(Uri silo, Stopwatch clock, ConcurrentQueue<(TimeSpan, HttpStatusCode)> seen, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromSeconds(5) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready", CancellationToken.None);
                seen.Enqueue((clock.Elapsed, response.StatusCode));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                seen.Enqueue((clock.Elapsed, HttpStatusCode.RequestTimeout));
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>The category and first frame of each stack trace logged by the service or ASP.NET Core (not by Orleans).</summary>
    private static string TracedLines(string log)
    {
        var lines = log.Split('\n');
        var traced = new List<string>();
        string? category = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (ConsoleEntry().Match(lines[i]) is { Success: true } entry)
            {
                category = entry.Groups["category"].Value;
            }
            else if (StackFrame().IsMatch(lines[i]) && category is not null && !category.StartsWith("Orleans.", StringComparison.Ordinal))
            {
                traced.Add($"{category}: {lines[i].Trim()}");
                category = null;
            }
        }

        return string.Join("\n", traced.Take(20));
    }

    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    /// <summary>The first line of a console log entry ("warn: Category[42]").</summary>
    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): (?<category>[\w.`+]+)\[")]
    private static partial Regex ConsoleEntry();

    /// <summary>A .NET stack frame line ("   at Namespace.Type.Method(").</summary>
    [GeneratedRegex(@"^\s+at [\w.`<>\[\],]+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    /// <summary>
    /// A storefront: posts batches and sends a batch that was not acknowledged again, with the same event ids, until
    /// it is; records every answer (status, and whether a 503 said when to retry and named the field storage).
    /// </summary>
    private sealed class OutageLoad(HttpClient api, FailoverShop shop, int batchSize)
    {
        private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(60);
        private readonly int[] _acknowledged = new int[shop.Customers];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _events;
        private long _lastAck;
        private long _longestGap;

        public ConcurrentDictionary<string, int> Answers { get; } = new();

        public ConcurrentQueue<string> BadUnavailable { get; } = new();

        public string? Abandoned { get; private set; }

        public long Acknowledged => Interlocked.Read(ref _events);

        public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref _longestGap));

        public int AcknowledgedOf(int index) => Volatile.Read(ref _acknowledged[index]);

        public int Count(int status) => Answers.GetValueOrDefault(status.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public async Task RunAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested && Abandoned is null)
            {
                var (body, customers) = shop.NextBatch(batchSize);
                var started = Stopwatch.GetTimestamp();
                while (!await PostAsync(body))
                {
                    if (Stopwatch.GetElapsedTime(started) > RequestDeadline)
                    {
                        Abandoned = $"a batch not acknowledged within {RequestDeadline}";
                        return;
                    }

                    await Task.Delay(200, CancellationToken.None);
                }

                foreach (var customer in customers)
                {
                    Interlocked.Increment(ref _acknowledged[customer]);
                }

                Interlocked.Add(ref _events, customers.Length);
                var now = _clock.Elapsed.Ticks;
                var gap = now - Interlocked.Exchange(ref _lastAck, now);
                if (gap > Interlocked.Read(ref _longestGap))
                {
                    Interlocked.Exchange(ref _longestGap, gap);
                }
            }
        }

        private async Task<bool> PostAsync(byte[] body)
        {
            string answer;
            try
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await api.PostAsync("/api/v1/events", content, CancellationToken.None);
                answer = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    await CheckUnavailableAsync(response);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answer = e is TaskCanceledException ? "timeout" : e.Message;
            }

            Answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
            return answer == "202";
        }

        private async Task CheckUnavailableAsync(HttpResponseMessage response)
        {
            var problem = await response.Json();
            if (response.Headers.RetryAfter?.Delta is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || !problem.TryGetProperty("field", out var field) || field.GetString() != "storage")
            {
                BadUnavailable.Enqueue($"{response.Headers.RetryAfter} {response.Content.Headers.ContentType} {problem}");
            }
        }
    }
}
