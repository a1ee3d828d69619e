using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Harness.Hosting;
using LifecycleActors.Harness.Live;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (c) The whole service at saturation: requests of <see cref="Batch"/> events over <c>customers</c> ids kept
/// <see cref="Workers"/> deep (HTTP → durable log → grains → projection), then the time until the service counts
/// every acknowledged event as applied. First a cold pass, one event for each customer (each one activates, reads
/// its snapshot and its log), then the measured run over the same customers, active by then. The load runs on the
/// same machine.
/// </summary>
internal static class ServiceSaturation
{
    public const int Batch = 500;
    public const int Workers = 8;
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <param name="Applied">Acknowledged events ÷ time from the first send until all of them were applied; null if they were not in time.</param>
    /// <param name="Cold">Applied events/s of the cold pass, one event per customer (null if not all applied in time).</param>
    public sealed record Result(long Acknowledged, double Accepted, double? Applied, double AckP50, double AckP99, TimeSpan AppliedAfterLastAck, double? Cold);

    /// <param name="shop">The traffic, over the tenant of <paramref name="apiKey"/>; what follows can go on with the same, now active, customers.</param>
    public static async Task<Result> MeasureAsync(BenchSilo silo, string apiKey, FailoverShop shop, TimeSpan duration, TextWriter progress)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var target = new Target(silo.BaseAddress, apiKey);
        var cold = await RunAsync(http, target, shop, load => load.Events >= shop.Customers, TimeSpan.MaxValue, 0, progress);
        progress.WriteLine(Figures.Format($"    cold pass: {cold.Load.Events:N0} events applied at {Figures.Rate(cold.Applied)} events/s; now the measured run"));
        var warm = await RunAsync(http, target, shop, _ => false, duration, cold.Load.Events, progress);
        var ack = warm.Load.AckMilliseconds.Order().ToArray();
        return new Result(
            warm.Load.Events,
            warm.Load.Events / warm.Sending.TotalSeconds,
            warm.Applied,
            TransitionLatencies.Percentile(ack, 0.5),
            TransitionLatencies.Percentile(ack, 0.99),
            warm.AppliedAfterLastAck,
            cold.Applied);
    }

    internal sealed record Target(Uri Silo, string ApiKey);

    internal sealed record Run(ClusterLoad Load, TimeSpan Sending, double? Applied, TimeSpan AppliedAfterLastAck);

    /// <summary>Loads until <paramref name="enough"/> or <paramref name="duration"/>, then waits until the service has applied <paramref name="before"/> + what this run sent.</summary>
    internal static async Task<Run> RunAsync(HttpClient http, Target target, FailoverShop shop, Func<ClusterLoad, bool> enough, TimeSpan duration, long before, TextWriter progress)
    {
        var load = new ClusterLoad(http, target.ApiKey, () => [target.Silo], shop, new ClusterLoad.Options(Workers, Batch, TimeSpan.FromMinutes(1)));
        using var stop = duration == TimeSpan.MaxValue ? new CancellationTokenSource() : new CancellationTokenSource(duration);
        var loading = load.RunAsync(stop.Token);
        var watching = Task.Run(async () =>
        {
            while (!loading.IsCompleted && !enough(load))
            {
                await Task.Delay(10);
            }

            await stop.CancelAsync();
        });
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
        await watching;
        if (load.Abandoned is { } abandoned)
        {
            throw new InvalidOperationException(abandoned);
        }

        var sending = load.Elapsed;
        var applied = await WaitAppliedAsync(http, target, load, before);
        return new Run(load, sending, applied is { } a ? load.Events / a.TotalSeconds : null, applied is { } b ? b - sending : ApplyTimeout);
    }

    /// <summary>The time from the first send until the tenant's stats count every acknowledged event; null on timeout.</summary>
    private static async Task<TimeSpan?> WaitAppliedAsync(HttpClient http, Target target, ClusterLoad load, long before)
    {
        var waiting = Stopwatch.StartNew();
        while (waiting.Elapsed < ApplyTimeout)
        {
            var asked = waiting.Elapsed;
            using var stats = new HttpRequestMessage(HttpMethod.Get, new Uri(target.Silo, "/api/v1/stats"));
            stats.Headers.Add("X-Api-Key", target.ApiKey);
            using var response = await http.SendAsync(stats);
            var applied = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventsApplied").GetInt64();
            if (applied >= before + load.Events)
            {
                return load.Elapsed;
            }

            // Counting 100 000 customers takes the database tens of milliseconds: asking no more than half the time
            // leaves it to the writes being waited for.
            var took = waiting.Elapsed - asked;
            await Task.Delay(took > PollInterval ? took : PollInterval);
        }

        return null;
    }
}
