using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace LifecycleActors.Cli.Service;

/// <summary>
/// Posts one batch body to <c>POST /api/v1/events</c> until the answer is final: retries overload, server and network
/// errors with backoff (same body, so same event ids), and hands back any other answer.
/// </summary>
internal sealed class BatchSender(HttpClient http, Uri eventsUrl, string apiKey, RetryPolicy retry, LatencyRecorder latencies)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    /// <summary>Called with the reason just before each retry waits, so progress can count retries as they happen.</summary>
    public Action<string>? OnRetry { get; init; }

    public Uri EventsUrl => eventsUrl;

    /// <summary>Sends <paramref name="body"/> (a JSON array of events) and returns its acknowledgement.</summary>
    /// <exception cref="RunAbortedException">A 4xx other than 408/429, an unreadable 202, or no retries left.</exception>
    public async Task<BatchAck> SendAsync(byte[] body, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(body, cancellationToken);
        if (answer.Status != HttpStatusCode.Accepted)
        {
            throw new RunAbortedException(answer.Refusal);
        }

        return Acknowledgement(answer.Content) with { Retries = answer.Retries };
    }

    /// <summary>
    /// Sends <paramref name="body"/> until the service gives an answer that a retry cannot change: a 202 or a refusal
    /// (400, 401, 413, ...). The caller decides what a refusal means for its run.
    /// </summary>
    /// <exception cref="RunAbortedException">No retries left.</exception>
    public async Task<PostedBatch> PostAsync(byte[] body, CancellationToken cancellationToken)
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
                    return new PostedBatch(response.StatusCode, content, retries, "");
                }

                if (!RetryPolicy.IsRetryable(response.StatusCode))
                {
                    return new PostedBatch(response.StatusCode, content, retries, ResponseText.Refusal($"POST {eventsUrl}", response, content));
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
                throw new RunAbortedException($"POST {eventsUrl} failed after {retries} retries (--max-retries); last failure: {failure}");
            }

            OnRetry?.Invoke(failure);
            await Task.Delay(retry.Backoff(retries + 1, Random.Shared.NextDouble(), retryAfter), cancellationToken);
        }
    }

    /// <summary>Reads a 202 body.</summary>
    /// <exception cref="RunAbortedException">The body is not of the contract §6 shape.</exception>
    public BatchAck Acknowledgement(byte[] content, List<AckRejection>? rejections = null, int keepRejections = 0)
    {
        try
        {
            return BatchAck.Parse(content, rejections, keepRejections);
        }
        catch (FormatException e)
        {
            throw new RunAbortedException($"POST {eventsUrl} answered 202 but the body is {e.Message}: {ResponseText.Excerpt(content)}");
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };
}

/// <summary>The final answer to one batch: a 202 or a refusal, with the retries it took.</summary>
/// <param name="Refusal">For anything but a 202: the status, a hint and the problem details, ready to print.</param>
internal sealed record PostedBatch(HttpStatusCode Status, byte[] Content, int Retries, string Refusal);
