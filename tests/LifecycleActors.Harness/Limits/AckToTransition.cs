using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LifecycleActors.Abstractions;
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
/// Where the time of the slowest probes goes (<see cref="Stages"/>) is split by the transition's own detection time:
/// the silo and the harness share this machine's clock.
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
    private readonly ConcurrentDictionary<string, DateTimeOffset> _sentAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _ackedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Detected, DateTimeOffset Received)> _arrivals = new(StringComparer.Ordinal);
    private readonly string _prefix;
    private long _refused;
    private long _failed;

    public AckToTransition(string prefix) => _prefix = prefix;

    public sealed record Level(
        double Fraction, int Rate, double Achieved, int Probes, int Received, double P50, double P99, double Max, long Refused, long Failed, Stages All, Stages Slowest);

    /// <summary>
    /// Medians over a level's probes (all, or the slowest percent), in milliseconds: from sending the request to its 202, from
    /// the 202 to the transition's detection in the customer (negative: detected before the answer), and from detection
    /// to its arrival at the agent.
    /// </summary>
    public sealed record Stages(int Probes, double SentToAck, double AckToDetected, double DetectedToReceived);

    /// <summary>For the agent's feed: the arrival of <paramref name="transition"/>.</summary>
    public void Received(TransitionRecord transition)
    {
        if (transition.CustomerId.StartsWith(_prefix, StringComparison.Ordinal))
        {
            // The arrival first: a probe counts as received (and its stages are read) once both are there.
            _arrivals.TryAdd(transition.CustomerId, (transition.DetectedAt, DateTimeOffset.UtcNow));
            _received.TryAdd(transition.CustomerId, Stopwatch.GetTimestamp());
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

        var probed = measured
            .Where(p => _acked.ContainsKey(p) && _received.ContainsKey(p))
            .Select(p => (Probe: p, Latency: Math.Max(0, Stopwatch.GetElapsedTime(_acked[p], _received[p]).TotalMilliseconds)))
            .OrderBy(p => p.Latency)
            .ToArray();
        var latencies = probed.Select(p => p.Latency).ToArray();
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
            Interlocked.Read(ref _failed),
            StagesOf(probed.Select(p => p.Probe).ToArray()),
            StagesOf(probed[(int)(probed.Length * 0.99)..].Select(p => p.Probe).ToArray()));
    }

    private Stages StagesOf(string[] probes)
    {
        double Median(Func<string, TimeSpan> stage) =>
            probes.Length == 0 ? double.NaN : TransitionLatencies.Percentile(probes.Select(p => stage(p).TotalMilliseconds).Order().ToArray(), 0.5);

        return new Stages(
            probes.Length,
            Median(p => _ackedAt[p] - _sentAt[p]),
            Median(p => _arrivals[p].Detected - _ackedAt[p]),
            Median(p => _arrivals[p].Received - _arrivals[p].Detected));
    }

    private async Task PostAsync(HttpClient api, byte[] body, string probe, SemaphoreSlim slots)
    {
        try
        {
            _sentAt[probe] = DateTimeOffset.UtcNow;
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await api.PostAsync("/api/v1/events", content);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                _acked.TryAdd(probe, Stopwatch.GetTimestamp());
                _ackedAt[probe] = DateTimeOffset.UtcNow;
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
