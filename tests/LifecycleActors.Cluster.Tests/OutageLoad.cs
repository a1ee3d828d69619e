using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LifecycleActors.Tests.Shared;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// A storefront: posts batches and sends a batch that was not acknowledged again, with the same event ids, until
/// it is; records every answer (status, and whether a 503 or 507 said when to retry and named the field storage), the
/// <c>detail</c> of each such refusal, and the longest a request took.
/// </summary>
internal sealed class OutageLoad(HttpClient api, FailoverShop shop, int batchSize)
{
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(90);
    private readonly int[] _acknowledged = new int[shop.Customers];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _events;
    private long _lastAck;
    private long _longestGap;
    private long _slowest;

    public ConcurrentDictionary<string, int> Answers { get; } = new();

    public ConcurrentQueue<string> BadUnavailable { get; } = new();

    /// <summary>The <c>detail</c> of each refusal for storage, with how often it came.</summary>
    public ConcurrentDictionary<string, int> Refusals { get; } = new();

    public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref _slowest));

    public string Summary => string.Join(", ", Answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} ×{a.Value}"));

    public bool Refused(string detailPart) => Refusals.Keys.Any(d => d.Contains(detailPart, StringComparison.Ordinal));

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
        var started = Stopwatch.GetTimestamp();
        string answer;
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await api.PostAsync("/api/v1/events", content, CancellationToken.None);
            answer = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.InsufficientStorage)
            {
                await CheckUnavailableAsync(response);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            answer = e is TaskCanceledException ? "timeout" : e.Message;
        }

        var took = Stopwatch.GetElapsedTime(started).Ticks;
        if (took > Interlocked.Read(ref _slowest))
        {
            Interlocked.Exchange(ref _slowest, took);
        }

        Answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
        return answer == "202";
    }

    private async Task CheckUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await response.Json();
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        Refusals.AddOrUpdate(detail, 1, (_, n) => n + 1);
        if (response.Headers.RetryAfter?.Delta is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
            || !problem.TryGetProperty("field", out var field) || field.GetString() != "storage")
        {
            BadUnavailable.Enqueue($"{response.Headers.RetryAfter} {response.Content.Headers.ContentType} {problem}");
        }
    }
}
