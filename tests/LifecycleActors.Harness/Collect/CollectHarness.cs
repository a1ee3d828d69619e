using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Limits;

namespace LifecycleActors.Harness.Collect;

/// <summary>
/// The browser's way in under many browsers: a Release silo with a publishable key, and <c>--browsers</c> simulated
/// browsers, each sending small batches (<c>--batch</c> events: page visits and now and then a cart) to
/// <c>POST /api/v1/collect</c> as the snippet does (<c>text/plain</c>, the key in the query, an allowed <c>Origin</c>),
/// one request at a time, for <c>--seconds</c>; a 429 or 503 is sent again after its <c>Retry-After</c>, as the snippet
/// does. Then the same batches to <c>POST /api/v1/events</c> with the secret key, for comparison; both twice,
/// alternately. Prints requests/s, events/s and latency percentiles of each. All browsers share the loopback address,
/// so the per-address limit is raised for the run.
/// </summary>
internal static class CollectHarness
{
    public const string Name = "collect";
    private const string PublishableKey = "pk-bench-0123456789abcdef";
    private const string Origin = "https://shop.example";

    public static async Task<int> RunAsync(string[] args)
    {
        var browsers = Int(args, "--browsers", 200);
        var seconds = Int(args, "--seconds", 20);
        var batch = Int(args, "--batch", 3);
        if (browsers < 1 || seconds < 1 || batch is < 1 or > 50)
        {
            throw new ArgumentException("--browsers and --seconds must be >= 1, --batch 1..50");
        }

        var data = HarnessArguments.Value(args, "--data") ?? Path.Combine(Path.GetTempPath(), "lifecycle-collect-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var output = Console.Out;
        output.WriteLine(Figures.Format($"collect: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {browsers} browsers, {batch} events a request, {seconds} s a phase; data in {data}"));
        await using var silo = await BenchSilo.StartAsync(HarnessArguments.SiloDll(args), data,
        [
            "--Lifecycle:Tenants:0:PublishableKey", PublishableKey,
            "--Lifecycle:Tenants:0:AllowedOrigins:0", Origin,
            "--Lifecycle:Collect:RequestsPerSecondPerAddress", "1000000",
            "--Lifecycle:Collect:RequestsPerSecondPerKey", "1000000",
        ]);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // A short warm-up (JIT, connections, the first customers), not counted.
        await RunPhaseAsync(http, "warmup", browsers, batch, TimeSpan.FromSeconds(Math.Min(5, seconds)), browser: true);
        // Alternately, twice each, so that neither way in has the later (warmer, fuller) half of the run to itself.
        var failed = 0;
        for (var round = 1; round <= 2; round++)
        {
            var collect = await RunPhaseAsync(http, $"collect{round}", browsers, batch, TimeSpan.FromSeconds(seconds), browser: true);
            output.WriteLine(collect.Line($"round {round}, POST /api/v1/collect (publishable key)"));
            var events = await RunPhaseAsync(http, $"events{round}", browsers, batch, TimeSpan.FromSeconds(seconds), browser: false);
            output.WriteLine(events.Line($"round {round}, POST /api/v1/events (secret key), same batches"));
            failed += collect.Failed + events.Failed;
        }

        return failed == 0 ? 0 : 1;
    }

    private static async Task<PhaseResult> RunPhaseAsync(HttpClient http, string phase, int browsers, int batch, TimeSpan duration, bool browser)
    {
        var latencies = new List<double>[browsers];
        var events = new long[browsers];
        var failed = 0;
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, browsers).Select(async b =>
        {
            var own = latencies[b] = [];
            var visitor = $"anon-{phase}-{b:D5}-{Guid.NewGuid():N}";
            var sequence = 0;
            while (clock.Elapsed < duration)
            {
                var body = Batch(visitor, ref sequence, batch);
                using var request = browser
                    ? new HttpRequestMessage(HttpMethod.Post, $"/api/v1/collect?key={PublishableKey}") { Content = new StringContent(body, Encoding.UTF8, "text/plain") }
                    : new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (browser)
                {
                    request.Headers.Add("Origin", Origin);
                }
                else
                {
                    request.Headers.Add("X-Api-Key", BenchSilo.ApiKey);
                }

                var sent = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status is 429 or 503)
                {
                    // As the snippet does: wait as told, then send the same events again (their ids make it once).
                    refused.AddOrUpdate(status, 1, (_, n) => n + 1);
                    sequence -= batch;
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }

                if (status != 202)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }

                using var ack = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                own.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                events[b] += ack.RootElement.GetProperty("accepted").GetInt32();
            }
        }));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new PhaseResult(all.Length, events.Sum(), failed, clock.Elapsed, Percentile(all, 0.5), Percentile(all, 0.99),
            string.Join(", ", refused.OrderBy(r => r.Key).Select(r => $"{r.Value} answered {r.Key}")));
    }

    /// <summary>Page visits, every fourth event a cart change, under one anonymous visitor, as the snippet writes them.</summary>
    private static string Batch(string visitor, ref int sequence, int size)
    {
        var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        var builder = new StringBuilder("[");
        for (var i = 0; i < size; i++, sequence++)
        {
            var type = sequence % 4 == 3 ? "cart_updated" : "visit";
            var data = type == "visit" ? $"{{\"path\":\"/p/{sequence % 17}\"}}" : "{\"value\":49.9}";
            builder.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"{{\"id\":\"{visitor}-{sequence}\",\"customerId\":\"{visitor}\",\"type\":\"{type}\",\"occurredAt\":\"{now}\",\"data\":{data}}}");
        }

        return builder.Append(']').ToString();
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static int Int(string[] args, string name, int fallback) =>
        HarnessArguments.Value(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private sealed record PhaseResult(int Requests, long Events, int Failed, TimeSpan Elapsed, double P50, double P99, string Refused)
    {
        public string Line(string what) => Figures.Format(
            $"  {what}: {Requests / Elapsed.TotalSeconds:N0} requests/s answered 202, {Events / Elapsed.TotalSeconds:N0} events/s accepted, latency of a 202 p50 {P50:F1} ms, p99 {P99:F1} ms; sent again after Retry-After: {(Refused.Length == 0 ? "none" : Refused)}; {Failed} other answers");
    }
}
