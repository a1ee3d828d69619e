using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LifecycleActors.Harness.Live;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Limits;

/// <summary>
/// (d) From an event's acknowledgement to its transition at a SignalR client, at a steady rate: every request starts
/// with a probe, the first order of a customer never seen, whose prospect → one-time transition the agent's feed
/// receives; the rest of the request continues the saturation traffic over the customers it activated. A probe's
/// latency is the time from its request's 202 to the transition's arrival (zero when the transition came first).
/// Probes of the first <see cref="WarmUp"/> are not measured. At most as many requests are in flight as a silo admits
/// with its default <see cref="IngestOptions"/> (working and queued): more would be refused with 503 by the silo's
/// admission, and their probes would be missing from the figures. Each level counts its own refused and failed requests.
/// </summary>
internal sealed class AckToTransition
{
    public const int Batch = 50;
    private static readonly int InFlight = new IngestOptions().MaxConcurrentRequests + new IngestOptions().QueueLimit;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, long> _acked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _received = new(StringComparer.Ordinal);
    private readonly string _prefix;
    private long _refused;
    private long _failed;

    public AckToTransition(string prefix) => _prefix = prefix;

    public sealed record Level(double Fraction, int Rate, double Achieved, int Probes, int Received, double P50, double P99, double Max, long Refused, long Failed);

    /// <summary>For the agent's feed: the arrival of a transition of <paramref name="customerId"/>.</summary>
    public void Received(string customerId)
    {
        if (customerId.StartsWith(_prefix, StringComparison.Ordinal))
        {
            _received.TryAdd(customerId, Stopwatch.GetTimestamp());
        }
    }

    public async Task<Level> MeasureAsync(HttpClient api, double fraction, int rate, TimeSpan duration, FailoverShop background)
    {
        var level = $"{_prefix}{fraction:F2}-";
        Interlocked.Exchange(ref _refused, 0);
        Interlocked.Exchange(ref _failed, 0);
        var measured = new ConcurrentBag<string>();
        using var slots = new SemaphoreSlim(InFlight);
        using var timer = new PeriodicTimer(Tick);
        var requests = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        long generated = 0;
        var probes = 0;
        var total = (long)(rate * duration.TotalSeconds);
        while (generated < total)
        {
            await timer.WaitForNextTickAsync();
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
            while (generated < due)
            {
                var count = (int)Math.Min(Batch, due - generated);
                generated += count;
                var probe = $"{level}{probes++}";
                if (Stopwatch.GetElapsedTime(started) >= WarmUp)
                {
                    measured.Add(probe);
                }

                var events = new CustomerEvent[count];
                events[0] = CustomerEvent.Order($"{probe}:0", probe, DateTimeOffset.UtcNow, "o-1", 25m);
                var (rest, _) = background.NextEvents(count - 1);
                rest.CopyTo(events, 1);
                await slots.WaitAsync();
                requests.Add(PostAsync(api, EventJson.WriteBatch(events), probe, slots));
            }
        }

        var sending = Stopwatch.GetElapsedTime(started);
        await Task.WhenAll(requests);
        var waiting = Stopwatch.StartNew();
        while (measured.Any(p => !_received.ContainsKey(p)) && waiting.Elapsed < ArrivalTimeout)
        {
            await Task.Delay(50);
        }

        var latencies = measured
            .Where(p => _acked.ContainsKey(p) && _received.ContainsKey(p))
            .Select(p => Math.Max(0, Stopwatch.GetElapsedTime(_acked[p], _received[p]).TotalMilliseconds))
            .Order()
            .ToArray();
        return new Level(
            fraction,
            rate,
            generated / sending.TotalSeconds,
            measured.Count,
            latencies.Length,
            TransitionLatencies.Percentile(latencies, 0.5),
            TransitionLatencies.Percentile(latencies, 0.99),
            latencies.Length == 0 ? double.NaN : latencies[^1],
            Interlocked.Read(ref _refused),
            Interlocked.Read(ref _failed));
    }

    private async Task PostAsync(HttpClient api, byte[] body, string probe, SemaphoreSlim slots)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await api.PostAsync("/api/v1/events", content);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                _acked.TryAdd(probe, Stopwatch.GetTimestamp());
            }
            else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Interlocked.Increment(ref _refused);
            }
            else
            {
                Interlocked.Increment(ref _failed);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _failed);
        }
        finally
        {
            slots.Release();
        }
    }
}
