using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace LifecycleActors.Webhooks;

/// <summary>
/// Makes one send attempt of a <see cref="WebhookMessage"/>: a signed JSON POST, judged as
/// <see cref="SendOutcome"/>. It keeps no state between attempts and never throws for what the receiver or the
/// network did; only the caller's own cancellation ends a call with an exception. Thread-safe.
/// </summary>
/// <remarks>
/// Give it a client from <see cref="WebhookHttpClient.Create"/> (one for the process): redirects must not be
/// followed, and the attempt timeout here replaces <see cref="HttpClient.Timeout"/>. If a client follows a redirect
/// anyway, the attempt is rejected.
/// </remarks>
public sealed class WebhookSender
{
    public const string UserAgent = "LifecycleActors-Webhooks/1";

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _client;
    private readonly TimeSpan _attemptTimeout;
    private readonly int _maxResponseBytes;

    public WebhookSender(HttpClient client, WebhookSenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new WebhookSenderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.AttemptTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxResponseBytes, nameof(options));
        _client = client;
        _attemptTimeout = options.AttemptTimeout;
        _maxResponseBytes = options.MaxResponseBytes;
    }

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the caller stops; no outcome).</exception>
    public async Task<SendAttempt> SendAsync(WebhookMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var request = CreateRequest(message);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_attemptTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
            return await JudgeAsync(message, response, started, attempt.Token, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our attempt timeout, or the client's own Timeout if that is shorter.
            return new(SendOutcome.Retry, null, Stopwatch.GetElapsedTime(started), $"timed out after {(long)Stopwatch.GetElapsedTime(started).TotalMilliseconds} ms");
        }
        catch (HttpRequestException error) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(error, started);
        }
    }

    private static HttpRequestMessage CreateRequest(WebhookMessage message)
    {
        var content = new ByteArrayContent(message.Body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = content };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(message.Secret, message.Body));
        request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, message.IdempotencyKey);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        return request;
    }

    private async Task<SendAttempt> JudgeAsync(WebhookMessage message, HttpResponseMessage response, long started, CancellationToken attempt, CancellationToken caller)
    {
        var status = (int)response.StatusCode;
        if (response.RequestMessage?.RequestUri is { } answered && answered != message.Url)
        {
            return new(SendOutcome.Reject, status, Stopwatch.GetElapsedTime(started),
                "the HTTP client followed a redirect; webhooks are not redirected (use a client from WebhookHttpClient.Create)");
        }

        if (status is >= 200 and <= 299)
        {
            return new(SendOutcome.Sent, status, Stopwatch.GetElapsedTime(started), null);
        }

        var excerpt = await ReadExcerptAsync(response.Content, attempt, caller).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var reason = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
        if (status is >= 300 and <= 399)
        {
            return new(SendOutcome.Reject, status, elapsed, $"{reason}: redirects are not followed; set the final address as action.url");
        }

        var error = excerpt.Length == 0 ? reason : $"{reason}: {excerpt}";
        return IsRetryable(status)
            ? new(SendOutcome.Retry, status, elapsed, error, RetryAfter(response.Headers.RetryAfter))
            : new(SendOutcome.Reject, status, elapsed, error);
    }

    /// <summary>The status decides the outcome; a body that breaks off or comes too slowly only shortens the error text.</summary>
    private async Task<string> ReadExcerptAsync(HttpContent content, CancellationToken attempt, CancellationToken caller)
    {
        try
        {
            return await ResponseExcerpt.ReadAsync(content, _maxResponseBytes, attempt).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or HttpRequestException
            || (error is OperationCanceledException && !caller.IsCancellationRequested))
        {
            return string.Empty;
        }
    }

    private static bool IsRetryable(int status) =>
        status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or (>= 500 and <= 599);

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static SendAttempt Failed(HttpRequestException error, long started)
    {
        if (error.InnerException is PrivateAddressException refused)
        {
            return new(SendOutcome.Reject, null, Stopwatch.GetElapsedTime(started), refused.Message);
        }

        // The exception's message may quote the url; the error kind and the socket error say enough.
        var socket = FindSocketError(error);
        var text = error.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the host name could not be resolved",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            HttpRequestError.ConnectionError => "the connection failed",
            HttpRequestError.ResponseEnded => "the connection closed before a full answer",
            HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
            _ => "the request failed",
        };
        return new(SendOutcome.Retry, null, Stopwatch.GetElapsedTime(started), socket is { } code ? $"{text} ({code})" : text);
    }

    private static SocketError? FindSocketError(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
