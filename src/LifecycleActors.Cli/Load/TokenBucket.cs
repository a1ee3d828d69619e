namespace LifecycleActors.Cli.Load;

/// <summary>
/// Token-bucket arithmetic for <c>--rate</c>, free of clocks so that it can be tested with plain numbers. Tokens
/// (events) refill at <c>ratePerSecond</c> up to <c>capacity</c>. A reservation takes its tokens at once, running
/// into debt if the bucket is short, and the debt says how long the caller waits before sending. Reserving, rather
/// than polling until enough tokens appear, queues concurrent senders fairly: each one is scheduled behind the
/// reservations before it, and over any interval T at most <c>capacity + rate·T</c> events go out.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private double _tokens;
    private TimeSpan _refilledAt;

    /// <param name="capacity">The burst allowance; starts full so that the first batch leaves at once.</param>
    public TokenBucket(double ratePerSecond, double capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ratePerSecond = ratePerSecond;
        _capacity = capacity;
        _tokens = capacity;
    }

    /// <summary>Takes <paramref name="count"/> tokens at time <paramref name="now"/>; returns how long to wait before using them.</summary>
    /// <param name="now">Time since an arbitrary origin, non-decreasing between calls.</param>
    public TimeSpan Reserve(int count, TimeSpan now)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (now > _refilledAt)
        {
            _tokens = Math.Min(_capacity, _tokens + ((now - _refilledAt).TotalSeconds * _ratePerSecond));
            _refilledAt = now;
        }

        _tokens -= count;
        return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _ratePerSecond);
    }
}
