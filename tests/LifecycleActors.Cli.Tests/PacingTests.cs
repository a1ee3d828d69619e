using LifecycleActors.Cli.Load;
using LifecycleActors.Cli.Service;

namespace LifecycleActors.Cli.Tests;

public sealed class PacingTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void A_full_bucket_lets_one_burst_go_and_queues_the_rest_at_the_rate()
    {
        var bucket = new TokenBucket(ratePerSecond: 1000, capacity: 500);

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(500, S(0)));
        Assert.Equal(S(0.5), bucket.Reserve(500, S(0)));
        Assert.Equal(S(1.0), bucket.Reserve(500, S(0)));
    }

    [Fact]
    public void Waiting_callers_are_scheduled_one_batch_interval_apart()
    {
        var bucket = new TokenBucket(ratePerSecond: 1000, capacity: 500);
        var sendAt = new List<TimeSpan>();
        var now = TimeSpan.Zero;
        for (var i = 0; i < 6; i++)
        {
            // Each caller comes back right when its wait is over, like a sender that is always ready.
            now += bucket.Reserve(500, now);
            sendAt.Add(now);
        }

        Assert.Equal([S(0), S(0.5), S(1.0), S(1.5), S(2.0), S(2.5)], sendAt);
    }

    [Fact]
    public void Idle_time_refills_the_bucket_but_never_beyond_its_capacity()
    {
        var bucket = new TokenBucket(ratePerSecond: 100, capacity: 50);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(50, S(0)));

        // Ten idle seconds earn 1000 tokens, but only 50 fit: the second 50 must wait half a second.
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(50, S(10)));
        Assert.Equal(S(0.5), bucket.Reserve(50, S(10)));
    }

    [Fact]
    public void Partial_refill_covers_part_of_a_reservation()
    {
        var bucket = new TokenBucket(ratePerSecond: 200, capacity: 100);
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(100, S(0)));

        // 0.25 s earns 50 tokens; the other 50 take another 0.25 s.
        Assert.Equal(S(0.25), bucket.Reserve(100, S(0.25)));
    }

    [Fact]
    public void A_batch_larger_than_the_bucket_still_keeps_the_average_rate()
    {
        var bucket = new TokenBucket(ratePerSecond: 100, capacity: 10);

        Assert.Equal(S(0.9), bucket.Reserve(100, S(0)));
        Assert.Equal(S(1.9), bucket.Reserve(100, S(0)));
    }

    [Fact]
    public void Backoff_doubles_within_equal_jitter_bounds_and_is_capped()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.Backoff(1, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Backoff(1, jitter: 1));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Backoff(2, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(300), policy.Backoff(3, jitter: 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(500), policy.Backoff(5, jitter: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), policy.Backoff(60, jitter: 1));
    }

    [Fact]
    public void Retry_after_from_the_server_lengthens_the_backoff_up_to_a_limit()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(2), policy.Backoff(1, 0, retryAfter: TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.Backoff(1, 0, retryAfter: TimeSpan.FromMilliseconds(10)));
        Assert.Equal(RetryPolicy.MaxRetryAfter, policy.Backoff(1, 0, retryAfter: TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(408, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(413, false)]
    public void Overload_and_server_errors_are_retried_and_client_errors_are_not(int status, bool retryable) =>
        Assert.Equal(retryable, RetryPolicy.IsRetryable((System.Net.HttpStatusCode)status));
}
