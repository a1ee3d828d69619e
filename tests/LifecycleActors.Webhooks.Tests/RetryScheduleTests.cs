namespace LifecycleActors.Webhooks.Tests;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Defaults = new();

    [Fact]
    public void The_defaults_are_eight_attempts_from_two_seconds_up_to_ten_minutes()
    {
        Assert.Equal(8, Defaults.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), Defaults.BaseDelay);
        Assert.Equal(TimeSpan.FromMinutes(10), Defaults.MaxDelay);
    }

    [Fact]
    public void Every_delay_lies_between_zero_and_the_doubling_ceiling()
    {
        var random = new Random(7);
        for (var attempts = 1; attempts < Defaults.MaxAttempts; attempts++)
        {
            var ceiling = TimeSpan.FromSeconds(2 * Math.Pow(2, attempts - 1));
            Assert.Equal(ceiling, Defaults.Ceiling(attempts));
            for (var i = 0; i < 200; i++)
            {
                var delay = Defaults.NextDelay(attempts, random)!.Value;
                Assert.InRange(delay, TimeSpan.Zero, ceiling - TimeSpan.FromTicks(1));
            }
        }
    }

    [Fact]
    public void The_jitter_scales_the_ceiling()
    {
        Assert.Equal(TimeSpan.Zero, Defaults.NextDelay(1, new FixedRandom(0)));
        Assert.Equal(TimeSpan.FromSeconds(1), Defaults.NextDelay(1, new FixedRandom(0.5)));
        Assert.Equal(TimeSpan.FromSeconds(4), Defaults.NextDelay(3, new FixedRandom(0.5)));
        Assert.Equal(TimeSpan.FromSeconds(96), Defaults.NextDelay(7, new FixedRandom(0.75)));
    }

    [Fact]
    public void Delays_grow_with_the_attempts_on_average()
    {
        var random = new Random(42);
        var means = Enumerable.Range(1, 7)
            .Select(attempts => Enumerable.Range(0, 500).Average(_ => Defaults.NextDelay(attempts, random)!.Value.TotalSeconds))
            .ToArray();

        for (var i = 1; i < means.Length; i++)
        {
            Assert.True(means[i] > means[i - 1] * 1.5, $"mean after {i + 1} attempts {means[i]:F1} s, after {i} {means[i - 1]:F1} s");
        }

        // Full jitter: the mean is about half the ceiling (2 s × 2^(n-1) / 2).
        Assert.InRange(means[0], 0.85, 1.15);
        Assert.InRange(means[6], 64 * 0.85, 64 * 1.15);
    }

    [Fact]
    public void The_ceiling_stops_at_the_maximum_delay_without_overflowing()
    {
        var schedule = new RetrySchedule { MaxAttempts = int.MaxValue, BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromMinutes(10) };

        Assert.Equal(TimeSpan.FromSeconds(512), schedule.Ceiling(9));
        Assert.Equal(TimeSpan.FromMinutes(10), schedule.Ceiling(10));
        Assert.Equal(TimeSpan.FromMinutes(10), schedule.Ceiling(100));
        Assert.Equal(TimeSpan.FromMinutes(10), schedule.Ceiling(int.MaxValue - 1));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.NextDelay(int.MaxValue - 1, new FixedRandom(0.5)));
        var random = new Random(3);
        for (var attempts = 10; attempts < 80; attempts++)
        {
            Assert.InRange(schedule.NextDelay(attempts, random)!.Value, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        }
    }

    [Fact]
    public void After_the_last_attempt_there_is_no_delay_so_the_send_is_dead_lettered()
    {
        var schedule = new RetrySchedule { MaxAttempts = 3 };
        var random = new Random(1);

        Assert.NotNull(schedule.NextDelay(1, random));
        Assert.NotNull(schedule.NextDelay(2, random));
        Assert.Null(schedule.NextDelay(3, random));
        Assert.Null(schedule.NextDelay(4, random, TimeSpan.FromSeconds(1)));
        Assert.Null(new RetrySchedule { MaxAttempts = 1 }.NextDelay(1, random));
    }

    [Fact]
    public void A_retry_after_is_the_least_delay()
    {
        var retryAfter = TimeSpan.FromSeconds(30);

        Assert.Equal(retryAfter, Defaults.NextDelay(1, new FixedRandom(0.9), retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(57.6), Defaults.NextDelay(6, new FixedRandom(0.9), retryAfter));
        var random = new Random(11);
        for (var attempts = 1; attempts < Defaults.MaxAttempts; attempts++)
        {
            Assert.True(Defaults.NextDelay(attempts, random, retryAfter) >= retryAfter);
        }
    }

    [Fact]
    public void A_retry_after_beyond_the_maximum_delay_is_cut_to_it()
    {
        var schedule = new RetrySchedule { MaxDelay = TimeSpan.FromMinutes(1) };

        Assert.Equal(TimeSpan.FromMinutes(1), schedule.NextDelay(1, new FixedRandom(0), TimeSpan.FromDays(2)));
    }

    [Fact]
    public void Nonsense_settings_and_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrySchedule { MaxAttempts = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrySchedule { BaseDelay = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetrySchedule { MaxDelay = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => Defaults.NextDelay(0, new Random(1)));
    }
}
