using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Limits;
using LifecycleActors.Storage;

namespace LifecycleActors.Harness.Erasure;

/// <summary>
/// Erasure under live load (ADR 0016): a Release silo on SQLite or PostgreSQL (<c>--storage</c>) is loaded with
/// <c>--customers</c> customers of two or three past orders each; then a load generator posts new customers' events for
/// <c>--seconds</c> (phase A, the baseline), and again while <c>--erasures</c> existing customers are erased by
/// <c>--requesters</c> concurrent requesters and followed until done (phase B). Prints each erasure's time from request
/// to done (the server's instants: p50, p95, max), erasures/s overall and the load's events/s in both phases; then
/// checks a sample of erased customers: each answers 404 and its old event, posted again, is acknowledged as erased.
/// </summary>
internal static class ErasureHarness
{
    public const string Name = "erasures";
    private const int ShopBatch = 1000;
    private const int LoadBatch = 100;
    private const int Workers = 4;
    private const int SampleSize = 50;
    private static readonly TimeSpan ErasureTimeout = TimeSpan.FromMinutes(15);

    public static async Task<int> RunAsync(string[] args)
    {
        var customers = Int(args, "--customers", 100_000);
        var erasures = Int(args, "--erasures", 1_000);
        var seconds = Int(args, "--seconds", 30);
        var requesters = Int(args, "--requesters", 4);
        var storage = HarnessArguments.Value(args, "--storage") ?? "sqlite";
        if (customers < 1 || erasures < 1 || erasures > customers || seconds < 1 || requesters < 1 || storage is not ("sqlite" or "postgres"))
        {
            throw new ArgumentException("--customers, --seconds and --requesters must be >= 1, --erasures 1..customers, --storage sqlite|postgres");
        }

        var data = HarnessArguments.Value(args, "--data") ?? Path.Combine(Path.GetTempPath(), "lifecycle-erasures-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        List<string> siloArguments = [];
        if (storage == "postgres")
        {
            var server = HarnessArguments.Value(args, "--postgres") ?? Environment.GetEnvironmentVariable("LIFECYCLE_TEST_POSTGRES")
                ?? throw new ArgumentException("--storage postgres needs --postgres or LIFECYCLE_TEST_POSTGRES (.ci/postgres.sh start)");
            siloArguments.AddRange(["--Storage:Provider", StorageOptions.Postgres, "--ConnectionStrings:Lifecycle", await BenchDatabase.CreateAsync(server, "lifecycle_erasures")]);
        }

        var output = Console.Out;
        output.WriteLine(Figures.Format($"erasures: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {storage}, {customers} customers, {erasures} erasures by {requesters} requesters, {seconds} s of load a phase; data in {data}"));
        await using var silo = await BenchSilo.StartAsync(HarnessArguments.SiloDll(args), data, siloArguments);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchSilo.ApiKey);

        var shop = Stopwatch.StartNew();
        var shopEvents = await LoadShopAsync(http, customers);
        output.WriteLine(Figures.Format($"  shop: {shopEvents} events of {customers} customers posted and applied in {shop.Elapsed.TotalSeconds:F0} s"));

        using (var phaseA = new CancellationTokenSource(TimeSpan.FromSeconds(seconds)))
        {
            var baseline = await RunLoadAsync(http, "a", phaseA.Token);
            output.WriteLine(Figures.Format($"  phase A, load alone: {baseline.Rate:N0} events/s acknowledged over {baseline.Elapsed.TotalSeconds:F0} s, {baseline.Failed} failed requests"));

            // Phase B: the same load for at least as long, and until every erasure is done.
            var targets = Enumerable.Range(0, erasures).Select(i => Customer((int)((long)i * customers / erasures))).ToArray();
            using var phaseB = new CancellationTokenSource();
            var load = RunLoadAsync(http, "b", phaseB.Token);
            var clock = Stopwatch.StartNew();
            var requested = await RequestAsync(http, targets, requesters);
            var pending = await WaitUntilDoneAsync(http, requested.Count, clock);
            var allDone = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(seconds) - clock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
            await phaseB.CancelAsync();
            var during = await load;
            var times = await ErasureTimesAsync(http, requested.Values);
            output.WriteLine(Figures.Format($"  phase B, erasures: {requested.Count} requested in {clock.Elapsed.TotalSeconds:F0} s, {times.Length} done, {pending} still pending; all done after {allDone.TotalSeconds:F1} s = {times.Length / allDone.TotalSeconds:F1} erasures/s"));
            output.WriteLine(Figures.Format($"  phase B, request to done: p50 {Percentile(times, 0.5):F2} s, p95 {Percentile(times, 0.95):F2} s, max {(times.Length == 0 ? double.NaN : times[^1]):F2} s"));
            output.WriteLine(Figures.Format($"  phase B, load beside them: {during.Rate:N0} events/s acknowledged over {during.Elapsed.TotalSeconds:F0} s ({during.Rate / baseline.Rate:P0} of phase A), {during.Failed} failed requests"));

            var (gone, dropped) = await VerifyAsync(http, targets.Where((_, i) => i % Math.Max(1, targets.Length / SampleSize) == 0).Take(SampleSize).ToArray());
            output.WriteLine(Figures.Format($"  check of {Math.Min(SampleSize, targets.Length)} erased customers: {gone} answer 404, {dropped} old events posted again answered erased: 1"));
            return pending == 0 && gone == dropped && gone == Math.Min(SampleSize, targets.Length) ? 0 : 1;
        }
    }

    private static string Customer(int i) => $"c-{i:D7}";

    /// <summary>Two or three orders of each customer over the past months, in batches of 1000, then waits until all are applied.</summary>
    private static async Task<long> LoadShopAsync(HttpClient http, int customers)
    {
        var events = Enumerable.Range(0, customers).SelectMany(c => Enumerable.Range(0, 2 + (c % 2)).Select(o => OldOrder(c, o))).ToArray();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async _ =>
        {
            for (var batch = Interlocked.Increment(ref next); batch * ShopBatch < events.Length; batch = Interlocked.Increment(ref next))
            {
                var body = "[" + string.Join(',', events.Skip(batch * ShopBatch).Take(ShopBatch)) + "]";
                while (true)
                {
                    using var response = await http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        break;
                    }

                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                }

                if (batch % 50 == 0)
                {
                    Console.Error.WriteLine($"  shop: {batch * ShopBatch} events posted");
                }
            }
        }));

        while (await EventsAppliedAsync(http) < events.Length)
        {
            await Task.Delay(500);
        }

        return events.Length;
    }

    /// <summary>The <paramref name="order"/>th order of customer <paramref name="c"/>: the same text each time, so that it can be posted again.</summary>
    private static string OldOrder(int c, int order)
    {
        var at = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero).AddDays((-40 * order) - (c % 30));
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"id\":\"shop-{c}-{order}\",\"customerId\":\"{Customer(c)}\",\"type\":\"order_placed\",\"occurredAt\":\"{at:O}\",\"data\":{{\"orderId\":\"o-{c}-{order}\",\"amount\":{20 + (c % 50)}}}}}");
    }

    private static async Task<long> EventsAppliedAsync(HttpClient http) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/v1/stats")).GetProperty("eventsApplied").GetInt64();

    /// <summary>New customers' visits and orders, batches of 100 from four workers one request at a time, until cancelled.</summary>
    private static async Task<LoadResult> RunLoadAsync(HttpClient http, string phase, CancellationToken stop)
    {
        long accepted = 0;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async w =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                var body = "[" + string.Join(',', Enumerable.Range(0, LoadBatch).Select(i => string.Create(CultureInfo.InvariantCulture,
                    $"{{\"id\":\"load-{phase}-{w}-{n}-{i}\",\"customerId\":\"new-{phase}-{w}-{n}-{i / 2}\",\"type\":\"{(i % 2 == 0 ? "visit" : "order_placed")}\",\"occurredAt\":\"{now}\",\"data\":{(i % 2 == 0 ? "{\"path\":\"/\"}" : $"{{\"orderId\":\"n-{phase}-{w}-{n}-{i}\",\"amount\":30}}")}}}"))) + "]";
                using var response = await http.PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200));
                    continue;
                }

                var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
                Interlocked.Add(ref accepted, ack.GetProperty("accepted").GetInt32());
            }
        }));
        return new LoadResult(accepted / clock.Elapsed.TotalSeconds, clock.Elapsed, failed);
    }

    /// <summary>Requests the erasures from <paramref name="requesters"/> concurrent requesters; the erasure id per customer.</summary>
    private static async Task<ConcurrentDictionary<string, string>> RequestAsync(HttpClient http, string[] targets, int requesters)
    {
        var ids = new ConcurrentDictionary<string, string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, requesters).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < targets.Length; i = Interlocked.Increment(ref next))
            {
                using var response = await http.DeleteAsync($"/api/v1/customers/{targets[i]}");
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    ids[targets[i]] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("erasureId").GetString()!;
                }
                else
                {
                    Console.Error.WriteLine($"  DELETE {targets[i]}: {(int)response.StatusCode}");
                }
            }
        }));
        return ids;
    }

    /// <summary>Follows the tenant's pending erasures until none is left or the timeout passes; how many are still pending.</summary>
    private static async Task<int> WaitUntilDoneAsync(HttpClient http, int requested, Stopwatch clock)
    {
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var pending = (await http.GetFromJsonAsync<JsonElement>("/api/v1/erasures?status=pending&limit=1000")).GetProperty("items").GetArrayLength();
            if (pending == 0 || clock.Elapsed > ErasureTimeout)
            {
                return pending;
            }

            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = clock.Elapsed;
                Console.Error.WriteLine(Figures.Format($"  {clock.Elapsed.TotalSeconds:F0} s: {pending} of {requested} erasures pending"));
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Seconds from request to done of each finished erasure, by the server's own instants, sorted.</summary>
    private static async Task<double[]> ErasureTimesAsync(HttpClient http, IEnumerable<string> erasureIds)
    {
        var times = new List<double>();
        foreach (var id in erasureIds)
        {
            var erasure = await http.GetFromJsonAsync<JsonElement>($"/api/v1/erasures/{id}");
            if (erasure.GetProperty("status").GetString() == "done")
            {
                times.Add((erasure.GetProperty("finishedAt").GetDateTimeOffset() - erasure.GetProperty("requestedAt").GetDateTimeOffset()).TotalSeconds);
            }
        }

        return [.. times.Order()];
    }

    /// <summary>How many of <paramref name="sample"/> answer 404, and how many of their first orders posted again are acknowledged as erased.</summary>
    private static async Task<(int Gone, int Dropped)> VerifyAsync(HttpClient http, string[] sample)
    {
        int gone = 0, dropped = 0;
        foreach (var customer in sample)
        {
            using (var response = await http.GetAsync($"/api/v1/customers/{customer}"))
            {
                gone += response.StatusCode == HttpStatusCode.NotFound ? 1 : 0;
            }

            var c = int.Parse(customer[2..], CultureInfo.InvariantCulture);
            using var post = await http.PostAsync("/api/v1/events", new StringContent($"[{OldOrder(c, 0)}]", Encoding.UTF8, "application/json"));
            var ack = await post.Content.ReadFromJsonAsync<JsonElement>();
            dropped += post.StatusCode == HttpStatusCode.Accepted && ack.GetProperty("erased").GetInt32() == 1 ? 1 : 0;
        }

        return (gone, dropped);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int Int(string[] args, string name, int fallback) =>
        HarnessArguments.Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private sealed record LoadResult(double Rate, TimeSpan Elapsed, int Failed);
}
