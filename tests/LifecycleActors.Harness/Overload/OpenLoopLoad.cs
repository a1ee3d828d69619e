using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Shared;

namespace LifecycleActors.Harness.Overload;

/// <summary>
/// An open-loop load: requests of <paramref name="batch"/> events start at a fixed rate whatever the answers (no cap on
/// requests in flight, unlike a closed loop that slows down with the service). Each request's answer is recorded by
/// the window it was sent in. Answers other than 202, 429 and 503 (a time-out, a refused connection, a 500) leave the
/// request <see cref="Unsettled"/>: whether its events were logged is unknown until it is sent again.
/// </summary>
internal sealed class OpenLoopLoad(HttpClient http, string apiKey, Uri silo, FailoverShop shop, double requestsPerSecond, int batch)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<int, OverloadWindow> _windows = new();
    private readonly ConcurrentBag<Request> _unsettled = [];
    private readonly int[] _acknowledged = new int[shop.Customers];
    private readonly Stopwatch _clock = new();
    private long _sent;
    private long _answered;

    /// <summary>Requests sent and not answered yet: the requests queued somewhere between this client and the handlers.</summary>
    public long InFlight => Interlocked.Read(ref _sent) - Interlocked.Read(ref _answered);

    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<OverloadWindow> Windows => [.. _windows.OrderBy(w => w.Key).Select(w => w.Value)];

    public IReadOnlyCollection<Request> Unsettled => _unsettled;

    /// <summary>Events of customer <paramref name="index"/> acknowledged (202) by this load.</summary>
    public int AcknowledgedOf(int index) => Volatile.Read(ref _acknowledged[index]);

    public long AcknowledgedEvents => _windows.Values.Sum(w => w.AcceptedEvents);

    /// <summary>Sends for <paramref name="duration"/>, then waits for every answer.</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        var requests = new List<Task>();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        _clock.Start();
        long started = 0;
        while (_clock.Elapsed < duration)
        {
            await tick.WaitForNextTickAsync();
            var due = (long)(Math.Min(_clock.Elapsed.TotalSeconds, duration.TotalSeconds) * requestsPerSecond);
            for (; started < due; started++)
            {
                var (body, customers) = shop.NextBatch(batch);
                requests.Add(Task.Run(() => SendAsync(new Request(body, customers))));
            }
        }

        await Task.WhenAll(requests);
    }

    /// <summary>Sends the unsettled requests again (the same event ids, so at most once more in the log) until each is acknowledged.</summary>
    public async Task SettleAsync(TimeSpan deadline)
    {
        var until = Stopwatch.StartNew();
        foreach (var request in _unsettled)
        {
            while (true)
            {
                var (status, accepted) = await PostAsync(request.Body);
                if (status == HttpStatusCode.Accepted)
                {
                    Acknowledge(request.Customers);
                    _windows[-1] = (_windows.GetValueOrDefault(-1) ?? new OverloadWindow(-1)).Settled(accepted);
                    break;
                }

                if (until.Elapsed > deadline)
                {
                    throw new TimeoutException($"a request not answered during the load was still refused ({status}) after {deadline}");
                }

                await Task.Delay(500);
            }
        }
    }

    private async Task SendAsync(Request request)
    {
        var sentAt = _clock.Elapsed;
        var window = (int)(sentAt / Window);
        Interlocked.Increment(ref _sent);
        var (status, accepted) = await PostAsync(request.Body);
        var latency = _clock.Elapsed - sentAt;
        Interlocked.Increment(ref _answered);
        if (status == HttpStatusCode.Accepted)
        {
            Acknowledge(request.Customers);
        }
        else if (status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
        {
            _unsettled.Add(request);
        }

        _windows.GetOrAdd(window, w => new OverloadWindow(w)).Record(status, request.Customers.Length, accepted, latency);
    }

    private void Acknowledge(int[] customers)
    {
        foreach (var customer in customers)
        {
            Interlocked.Increment(ref _acknowledged[customer]);
        }
    }

    /// <summary>The answer's status (null for no answer) and, for a 202, the events accepted or duplicate.</summary>
    private async Task<(HttpStatusCode? Status, int Acknowledged)> PostAsync(byte[] body)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(silo, "/api/v1/events")) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return (response.StatusCode, 0);
            }

            using var answer = JsonDocument.Parse(text);
            return (response.StatusCode, answer.RootElement.GetProperty("accepted").GetInt32() + answer.RootElement.GetProperty("duplicates").GetInt32());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (null, 0);
        }
    }

    /// <summary>A request's body and the customers of its events, in order.</summary>
    internal sealed record Request(byte[] Body, int[] Customers);
}

/// <summary>The answers to the requests sent in one window of <see cref="OpenLoopLoad.Window"/> (number −1: requests settled after the load).</summary>
internal sealed class OverloadWindow(int number)
{
    private readonly Lock _lock = new();
    private readonly List<double> _acceptedMilliseconds = [];
    private readonly Dictionary<string, int> _answers = [];
    private long _offeredEvents;
    private long _acceptedEvents;

    public int Number => number;

    public long OfferedEvents { get { lock (_lock) { return _offeredEvents; } } }

    public long AcceptedEvents { get { lock (_lock) { return _acceptedEvents; } } }

    /// <summary>Requests by answer: "202", "503", "429", "timeout", …</summary>
    public IReadOnlyDictionary<string, int> Answers { get { lock (_lock) { return new Dictionary<string, int>(_answers); } } }

    public double[] SortedAcceptedMilliseconds() { lock (_lock) { return [.. _acceptedMilliseconds.Order()]; } }

    public void Record(HttpStatusCode? status, int events, int acknowledged, TimeSpan latency)
    {
        var answer = status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer";
        lock (_lock)
        {
            _offeredEvents += events;
            _answers[answer] = _answers.GetValueOrDefault(answer) + 1;
            if (status == HttpStatusCode.Accepted)
            {
                _acceptedEvents += acknowledged;
                _acceptedMilliseconds.Add(latency.TotalMilliseconds);
            }
        }
    }

    public OverloadWindow Settled(int acknowledged)
    {
        lock (_lock)
        {
            _acceptedEvents += acknowledged;
            _answers["settled"] = _answers.GetValueOrDefault("settled") + 1;
        }

        return this;
    }
}
