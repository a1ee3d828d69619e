namespace LifecycleActors.Webhooks;

/// <summary>
/// When to try a webhook send again: exponential backoff with full jitter, at least the receiver's <c>Retry-After</c>,
/// and no further attempt (dead-letter) after <see cref="MaxAttempts"/>. Pure: the caller supplies the randomness.
/// </summary>
/// <remarks>
/// After attempt <c>n</c> the ceiling is <c>min(MaxDelay, BaseDelay × 2^(n−1))</c> and the delay is uniform in
/// [0, ceiling), so retries of many sends failing together spread out instead of arriving in waves. With the
/// defaults the ceilings are 2 s, 4 s, 8 s … 256 s for the 7 retries of 8 attempts.
/// </remarks>
public sealed class RetrySchedule
{
    public int MaxAttempts
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 8;

    public TimeSpan BaseDelay
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two attempts, also for a longer <c>Retry-After</c>, so no receiver can park a send for days.</summary>
    public TimeSpan MaxDelay
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromMinutes(10);

    /// <summary>The exclusive upper bound of the jittered delay after <paramref name="attemptsSoFar"/> attempts.</summary>
    public TimeSpan Ceiling(int attemptsSoFar)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsSoFar, 1);
        // In doubles, so a large attempt count saturates at MaxDelay instead of overflowing.
        var ticks = BaseDelay.Ticks * Math.Pow(2, Math.Min(attemptsSoFar - 1, 62));
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>How long to wait before the next attempt, or null when the send has had all its attempts.</summary>
    /// <param name="attemptsSoFar">Attempts already made, counting the one that just failed (1 after the first).</param>
    /// <param name="random">The jitter source, e.g. <see cref="Random.Shared"/>; seeded in tests.</param>
    /// <param name="retryAfter">The receiver's <c>Retry-After</c> (<see cref="SendAttempt.RetryAfter"/>), if any.</param>
    public TimeSpan? NextDelay(int attemptsSoFar, Random random, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsSoFar, 1);
        ArgumentNullException.ThrowIfNull(random);
        if (attemptsSoFar >= MaxAttempts)
        {
            return null;
        }

        var jittered = TimeSpan.FromTicks((long)(Ceiling(attemptsSoFar).Ticks * random.NextDouble()));
        if (retryAfter is not { } asked || asked <= jittered)
        {
            return jittered;
        }

        return asked < MaxDelay ? asked : MaxDelay;
    }
}
