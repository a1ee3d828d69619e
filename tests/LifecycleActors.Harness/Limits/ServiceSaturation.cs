using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Live;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (c) The whole service at saturation: requests of <see cref="Batch"/> events over <c>customers</c> ids kept
/// <see cref="Workers"/> deep for a while (HTTP → durable log → grains → projection), then the time until the
/// service counts every acknowledged event as applied. The load runs on the same machine.
/// </summary>
internal static class ServiceSaturation
{
    public const int Batch = 500;
    public const int Workers = 8;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(3);

    /// <param name="Applied">Acknowledged events ÷ time from the first send until all of them were applied; null if they were not in time.</param>
    public sealed record Result(long Acknowledged, double Accepted, double? Applied, double AckP50, double AckP99, TimeSpan AppliedAfterLastAck);

    public static async Task<Result> MeasureAsync(BenchSilo silo, int customers, TimeSpan duration, TextWriter progress)
    {
        var shop = new FailoverShop("sat", customers, DateTimeOffset.UtcNow);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var load = new ClusterLoad(http, BenchSilo.ApiKey, () => [silo.BaseAddress], shop, new ClusterLoad.Options(Workers, Batch, TimeSpan.FromMinutes(1)));
        using var stop = new CancellationTokenSource(duration);
        var loading = load.RunAsync(stop.Token);
        using (var tick = new PeriodicTimer(TimeSpan.FromSeconds(5)))
        {
            var last = 0L;
            while (await Task.WhenAny(loading, tick.WaitForNextTickAsync().AsTask()) != loading)
            {
                var now = load.Events;
                progress.WriteLine(Figures.Format($"    {load.Elapsed.TotalSeconds,3:F0} s  acknowledged {now,10:N0}  ({(now - last) / 5.0,8:N0} events/s)"));
                last = now;
            }
        }

        await loading;
        if (load.Abandoned is { } abandoned)
        {
            throw new InvalidOperationException(abandoned);
        }

        var sending = load.Elapsed;
        var applied = await WaitAppliedAsync(http, silo.BaseAddress, load);
        var ack = load.AckMilliseconds.Order().ToArray();
        return new Result(
            load.Events,
            load.Events / sending.TotalSeconds,
            applied is { } a ? load.Events / a.TotalSeconds : null,
            TransitionLatencies.Percentile(ack, 0.5),
            TransitionLatencies.Percentile(ack, 0.99),
            applied is { } b ? b - sending : ApplyTimeout);
    }

    /// <summary>The time from the first send until the tenant's stats count every acknowledged event; null on timeout.</summary>
    private static async Task<TimeSpan?> WaitAppliedAsync(HttpClient http, Uri silo, ClusterLoad load)
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < ApplyTimeout)
        {
            using var stats = new HttpRequestMessage(HttpMethod.Get, new Uri(silo, "/api/v1/stats"));
            stats.Headers.Add("X-Api-Key", BenchSilo.ApiKey);
            using var response = await http.SendAsync(stats);
            var applied = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventsApplied").GetInt64();
            if (applied >= load.Events)
            {
                return load.Elapsed;
            }

            await Task.Delay(50);
        }

        return null;
    }
}
