using LifecycleActors.Cli.Service;
using LifecycleActors.Cli.Tests.Support;

namespace LifecycleActors.Cli.Tests;

public sealed class ApplyWaiterTests
{
    private static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Polls_until_the_counter_reaches_the_target()
    {
        var values = new Queue<long>([100, 140, 180, 200, 250]);
        var seen = new List<long>();
        using var deadline = Deadline.Default();

        var result = await ApplyWaiter.WaitAsync(_ => Task.FromResult(values.Dequeue()), 200, TimeSpan.FromSeconds(20), FastPoll, TimeProvider.System, seen.Add, deadline.Token);

        Assert.True(result.Applied);
        Assert.Equal(200, result.LastValue);
        Assert.Equal([100, 140, 180, 200], seen);
        Assert.Null(result.LastError);
    }

    [Fact]
    public async Task Transient_stats_errors_are_polled_through()
    {
        var calls = 0;
        using var deadline = Deadline.Default();

        var result = await ApplyWaiter.WaitAsync(
            _ => ++calls < 3 ? throw new HttpRequestException("503 Service Unavailable") : Task.FromResult(10L),
            10,
            TimeSpan.FromSeconds(20),
            FastPoll,
            TimeProvider.System,
            null,
            deadline.Token);

        Assert.True(result.Applied);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Gives_up_at_the_timeout_with_the_last_value_and_error()
    {
        var calls = 0;
        using var deadline = Deadline.Default();

        var result = await ApplyWaiter.WaitAsync(
            _ => ++calls == 1 ? Task.FromResult(42L) : throw new HttpRequestException("connection refused"),
            100,
            TimeSpan.FromMilliseconds(200),
            FastPoll,
            TimeProvider.System,
            null,
            deadline.Token);

        Assert.False(result.Applied);
        Assert.Equal(42, result.LastValue);
        Assert.Equal("connection refused", result.LastError);
        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(200), $"gave up after {result.Elapsed}");
        Assert.True(calls > 1);
    }
}
