using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Harness.Live;

/// <summary>
/// Posts events at a steady rate: every <see cref="Tick"/> it sends the events due by then (rate × elapsed time, so a
/// late tick sends more rather than lowering the rate), each taken from <paramref name="next"/> as its request is
/// built, with at most <paramref name="inFlight"/> requests in flight. Refused or failed requests are counted, not retried.
/// </summary>
internal sealed class PacedEventSender(HttpClient http, Func<CustomerEvent> next, int rate, int inFlight)
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);
    private const int MaxBatch = 1000;

    private long _sent;
    private long _accepted;
    private long _failed;
    private string? _firstFailure;

    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Events in requests that did not answer 202.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public string? FirstFailure => _firstFailure;

    /// <summary>Sends <paramref name="events"/> events and waits for the last answers; returns the time from start to last send.</summary>
    public async Task<TimeSpan> RunAsync(long events, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(inFlight);
        using var timer = new PeriodicTimer(Tick);
        var requests = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        long generated = 0;
        while (generated < events)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
            var due = Math.Min(events, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * rate));
            while (generated < due)
            {
                var count = (int)Math.Min(MaxBatch, due - generated);
                generated += count;
                await slots.WaitAsync(cancellationToken);
                var body = EventJson.WriteBatch(Enumerable.Range(0, count).Select(_ => next()));
                requests.Add(PostAsync(body, count, slots, cancellationToken));
            }
        }

        var sending = Stopwatch.GetElapsedTime(started);
        await Task.WhenAll(requests);
        return sending;
    }

    private async Task PostAsync(byte[] body, int count, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            Interlocked.Add(ref _sent, count);
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/api/v1/events", content, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                using var ack = JsonDocument.Parse(answer);
                Interlocked.Add(ref _accepted, ack.RootElement.GetProperty("accepted").GetInt64());
            }
            else
            {
                Fail(count, $"{(int)response.StatusCode}: {answer}");
            }
        }
        catch (HttpRequestException ex)
        {
            Fail(count, ex.Message);
        }
        finally
        {
            slots.Release();
        }
    }

    private void Fail(int count, string why)
    {
        Interlocked.Add(ref _failed, count);
        Interlocked.CompareExchange(ref _firstFailure, why, null);
    }
}
