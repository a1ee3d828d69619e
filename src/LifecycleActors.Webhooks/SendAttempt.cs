namespace LifecycleActors.Webhooks;

/// <summary>The result of one HTTP attempt.</summary>
/// <param name="StatusCode">The receiver's status code; null when no answer came (timeout, connection error).</param>
/// <param name="Elapsed">From sending the request until the answer's headers (and a short excerpt of its body) were read, or until the attempt failed.</param>
/// <param name="Error">A short text for operators, e.g. <c>HTTP 500 Internal Server Error: boom</c> or <c>timed out after 10000 ms</c>; null when sent. Never holds the secret.</param>
/// <param name="RetryAfter">The receiver's <c>Retry-After</c>, when it sent one with a retryable answer; pass it to <see cref="RetrySchedule.NextDelay"/>.</param>
public sealed record SendAttempt(SendOutcome Outcome, int? StatusCode, TimeSpan Elapsed, string? Error, TimeSpan? RetryAfter = null);
