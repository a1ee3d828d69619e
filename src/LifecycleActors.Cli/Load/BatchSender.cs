using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace LifecycleActors.Cli.Load;

/// <summary>
/// Posts one batch body to <c>POST /api/v1/events</c> until it is acknowledged: retries overload, server and network
/// errors with backoff (same body, so same event ids), and stops the run on answers that a retry cannot change.
/// </summary>
internal sealed class BatchSender(HttpClient http, Uri eventsUrl, string apiKey, RetryPolicy retry, LatencyRecorder latencies)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    /// <summary>Called with the reason just before each retry waits, so progress can count retries as they happen.</summary>
    public Action<string>? OnRetry { get; init; }

    /// <summary>Sends <paramref name="body"/> (a JSON array of events) and returns its acknowledgement.</summary>
    /// <exception cref="LoadAbortedException">A 4xx other than 408/429, an unreadable 202, or no retries left.</exception>
    public async Task<BatchAck> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        for (var retries = 0; ; retries++)
        {
            string failure;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, eventsUrl) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = JsonType;
                request.Headers.Add("X-Api-Key", apiKey);

                // Latency is send → whole acknowledgement received: SendAsync buffers the (small) response body.
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var elapsed = Stopwatch.GetElapsedTime(sent);
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);

                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    latencies.Record(elapsed);
                    return Acknowledgement(content) with { Retries = retries };
                }

                if (!RetryPolicy.IsRetryable(response.StatusCode))
                {
                    throw new LoadAbortedException(ResponseText.Refusal($"POST {eventsUrl}", response, content));
                }

                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                retryAfter = RetryAfter(response);
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not our token: HttpClient.Timeout elapsed. The server may still commit the batch; resending is safe.
                failure = $"no answer within {http.Timeout.TotalSeconds:0} s";
            }

            if (retries == retry.MaxRetries)
            {
                throw new LoadAbortedException($"POST {eventsUrl} failed after {retries} retries (--max-retries); last failure: {failure}");
            }

            OnRetry?.Invoke(failure);
            await Task.Delay(retry.Backoff(retries + 1, Random.Shared.NextDouble(), retryAfter), cancellationToken);
        }
    }

    private BatchAck Acknowledgement(byte[] content)
    {
        try
        {
            return BatchAck.Parse(content);
        }
        catch (FormatException e)
        {
            throw new LoadAbortedException($"POST {eventsUrl} answered 202 but the body is {e.Message}: {ResponseText.Excerpt(content)}");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}
