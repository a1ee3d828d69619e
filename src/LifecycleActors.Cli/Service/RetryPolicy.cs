using System.Net;

namespace LifecycleActors.Cli.Service;

/// <summary>
/// Which failures of a batch are retried, and after how long. A retry resends the same body with the same event ids;
/// the API deduplicates by id, so a batch whose 202 was lost on the way is not counted twice by the service.
/// </summary>
internal sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>A server's Retry-After is honoured up to this, so a bogus header cannot stall the run.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public static RetryPolicy Standard(int maxRetries) => new(maxRetries, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>Overload (429), a timed-out request (408) and server errors (5xx) pass; other answers will not change.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>
    /// Exponential backoff with "equal jitter": the delay before retry <paramref name="retry"/> (1-based) lies in
    /// [cap/2, cap] with cap = min(max, base·2^(retry−1)). Half is fixed so that backoff always grows; half is random
    /// so that senders throttled together do not come back together.
    /// </summary>
    /// <param name="jitter">A uniform random number in [0, 1).</param>
    public TimeSpan Backoff(int retry, double jitter, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(retry);
        var cap = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 30)));
        var delay = TimeSpan.FromMilliseconds((cap / 2) + (cap / 2 * jitter));
        return retryAfter is { } after && after > delay ? TimeSpan.FromTicks(Math.Min(after.Ticks, MaxRetryAfter.Ticks)) : delay;
    }
}
