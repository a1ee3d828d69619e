using LifecycleActors.Grains.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LifecycleActors.Grains.Tests;

/// <summary>Background work keeps to its share of the time: a quick run waits the interval, a slow one its cost times the factor.</summary>
public sealed class TimeShareTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void A_quick_run_waits_the_interval_and_a_slow_one_its_cost_times_the_factor()
    {
        var share = new TimeShare(TimeSpan.FromSeconds(5), costFactor: 4);

        Assert.Equal(TimeSpan.FromSeconds(5), share.NextStartAfter(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(4.99), share.PauseAfter(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(12), share.NextStartAfter(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(9), share.PauseAfter(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromSeconds(5), share.PauseAfter(TimeSpan.Zero));
    }

    [Fact]
    public void An_interval_or_factor_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeShare(TimeSpan.Zero, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeShare(TimeSpan.FromSeconds(1), 0));
    }

    [Fact]
    public async Task Runs_start_an_interval_apart_and_after_a_slow_run_wait_its_share()
    {
        var time = new ArmedTime();
        var share = new TimeShare(TimeSpan.FromSeconds(2), costFactor: 4);
        var starts = new List<DateTimeOffset>();
        var runs = new SemaphoreSlim(0);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var origin = time.GetUtcNow();
        var loop = share.RunAsync(
            _ =>
            {
                starts.Add(time.GetUtcNow());
                if (starts.Count == 2)
                {
                    // The second run takes 3 s of the clock: the next starts 4 × 3 s after it started.
                    time.Advance(TimeSpan.FromSeconds(3));
                }

                runs.Release();
                return Task.CompletedTask;
            },
            time,
            stop.Token);

        await AdvanceUntilRunAsync(time, runs, starts, TimeSpan.FromSeconds(2));
        await AdvanceUntilRunAsync(time, runs, starts, TimeSpan.FromSeconds(2));
        await AdvanceUntilRunAsync(time, runs, starts, TimeSpan.FromSeconds(9));
        Assert.Equal([origin.AddSeconds(2), origin.AddSeconds(4), origin.AddSeconds(16)], starts);

        await time.Armed.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    /// <summary>Once the loop waits, advances the clock to just before <paramref name="due"/> (no run starts), then to it (one does).</summary>
    private static async Task AdvanceUntilRunAsync(ArmedTime time, SemaphoreSlim runs, List<DateTimeOffset> starts, TimeSpan due)
    {
        Assert.True(await time.Armed.WaitAsync(TimeSpan.FromSeconds(10), Ct), "the loop waits for its next run");
        var before = starts.Count;
        time.Advance(due - TimeSpan.FromMilliseconds(1));
        Assert.Equal(before, starts.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await runs.WaitAsync(TimeSpan.FromSeconds(10), Ct), $"a run {due} on");
    }

    /// <summary>A fake clock that says when a delay has been armed on it.</summary>
    private sealed class ArmedTime : FakeTimeProvider
    {
        public SemaphoreSlim Armed { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Armed.Release();
            return timer;
        }
    }
}
