using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace LifecycleActors.Tests.Shared;

/// <summary>
/// Sustained load on a cluster, as a storefront behind a load balancer sends it: a few workers post batches of
/// <see cref="FailoverShop"/> events round-robin to the silos that are up, and a request that fails (refused
/// connection, timeout, 5xx) is sent again to the next silo with the same body, so the same event ids, until it is
/// acknowledged (202). The API dedups by event id, so a retry of a request that was committed counts as duplicates.
/// Records how many events of each customer were acknowledged, and how available the API was.
/// </summary>
internal sealed class ClusterLoad(HttpClient http, string apiKey, Func<IReadOnlyList<Uri>> silos, FailoverShop shop, ClusterLoad.Options options)
{
    private readonly int[] _acknowledged = new int[shop.Customers];
    private readonly ConcurrentBag<double> _ackMilliseconds = [];
    private readonly ConcurrentQueue<(TimeSpan At, int Events, Uri Silo)> _acks = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly Stopwatch _clock = new();
    private long _events;
    private long _retries;
    private long _lastAck;
    private long _longestGap;
    private int _batches;
    private string? _abandoned;

    /// <summary>Events acknowledged so far (each event once, however many times its request was sent).</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Requests sent again after a failure.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The longest time no request was acknowledged, while the load ran: how long the API was unavailable.</summary>
    public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref _longestGap));

    /// <summary>A request that was still not acknowledged at its deadline (then its events may or may not be in the log).</summary>
    public string? Abandoned => _abandoned;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Each acknowledged request: when (on <see cref="Elapsed"/>'s clock), how many events, and which silo answered.</summary>
    public IReadOnlyCollection<(TimeSpan At, int Events, Uri Silo)> Acks => _acks;

    /// <summary>Failed attempts by silo and reason, for the report.</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    public IReadOnlyCollection<double> AckMilliseconds => _ackMilliseconds;

    /// <summary>When (since the load started) each request was acknowledged, and how long it took, retries included.</summary>
    public ConcurrentQueue<(TimeSpan At, double Milliseconds)> AckLog { get; } = new();

    /// <summary>Events of customer <paramref name="index"/> acknowledged so far (the first that many events of that customer once the load stopped).</summary>
    public int AcknowledgedOf(int index) => Volatile.Read(ref _acknowledged[index]);

    /// <summary>Posts until <paramref name="stop"/> is cancelled, then waits for the requests under way to be acknowledged.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        _clock.Start();
        Interlocked.Exchange(ref _lastAck, _clock.Elapsed.Ticks);
        var workers = Enumerable.Range(0, options.Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && _abandoned is null)
            {
                var number = Interlocked.Increment(ref _batches);
                if (await PacedAsync(number, stop))
                {
                    await PostUntilAcknowledgedAsync(number);
                }
            }
        }));
        await Task.WhenAll(workers);
    }

    /// <summary>With a rate, waits until batch <paramref name="number"/> is due; false when the load stopped meanwhile.</summary>
    private async Task<bool> PacedAsync(int number, CancellationToken stop)
    {
        if (options.BatchesPerSecond is { } rate && TimeSpan.FromSeconds((number - 1) / rate) - _clock.Elapsed is { Ticks: > 0 } wait)
        {
            try
            {
                await Task.Delay(wait, stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !stop.IsCancellationRequested;
    }

    private async Task PostUntilAcknowledgedAsync(int number)
    {
        var (body, customers) = shop.NextBatch(options.BatchSize);
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var targets = silos();
            var target = targets[(number + attempt) % targets.Count];
            var failure = await PostAsync(target, body, customers.Length);
            if (failure is null)
            {
                Acknowledge(customers, Stopwatch.GetElapsedTime(started), target);
                return;
            }

            _failures.AddOrUpdate($"{target.Authority} {failure}", 1, (_, n) => n + 1);
            if (Stopwatch.GetElapsedTime(started) > options.RequestDeadline)
            {
                _abandoned ??= $"batch {number} not acknowledged within {options.RequestDeadline}; last failure: {target} {failure}";
                return;
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(attempt, 5))));
        }
    }

    /// <summary>Null when the request was acknowledged with every event accepted or a duplicate; otherwise why not.</summary>
    private async Task<string?> PostAsync(Uri silo, byte[] body, int count)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(silo, "/api/v1/events")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return $"HTTP {(int)response.StatusCode}";
            }

            using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = answer.RootElement;
            var acknowledged = root.GetProperty("accepted").GetInt32() + root.GetProperty("duplicates").GetInt32();
            return acknowledged == count && root.GetProperty("rejected").GetArrayLength() == 0
                ? null
                : throw new InvalidOperationException($"a request of {count} valid events was answered {root.GetRawText()}");
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
        catch (TaskCanceledException)
        {
            return "timeout";
        }
    }

    private void Acknowledge(int[] customers, TimeSpan latency, Uri silo)
    {
        foreach (var customer in customers)
        {
            Interlocked.Increment(ref _acknowledged[customer]);
        }

        Interlocked.Add(ref _events, customers.Length);
        _ackMilliseconds.Add(latency.TotalMilliseconds);
        AckLog.Enqueue((_clock.Elapsed, latency.TotalMilliseconds));
        var now = _clock.Elapsed.Ticks;
        _acks.Enqueue((TimeSpan.FromTicks(now), customers.Length, silo));
        var gap = now - Interlocked.Exchange(ref _lastAck, now);
        long longest;
        while (gap > (longest = Interlocked.Read(ref _longestGap)) && Interlocked.CompareExchange(ref _longestGap, gap, longest) != longest)
        {
        }
    }

    /// <param name="Workers">Requests in flight.</param>
    /// <param name="BatchSize">Events per request.</param>
    /// <param name="RequestDeadline">How long one request is retried before the load gives up.</param>
    /// <param name="BatchesPerSecond">A steady rate of new requests (at most <paramref name="Workers"/> in flight); null: as fast as the workers go.</param>
    internal sealed record Options(int Workers, int BatchSize, TimeSpan RequestDeadline, double? BatchesPerSecond = null);
}
