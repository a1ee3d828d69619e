using System.Text.RegularExpressions;
using LifecycleActors.Cli.Load;

namespace LifecycleActors.Cli.Tests;

public sealed partial class TrafficPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Event_times_end_one_step_before_now()
    {
        var (start, step) = TrafficPlan.Timeline(200_000, Now);

        Assert.Equal(TimeSpan.FromSeconds(1), step);
        Assert.Equal(Now - TimeSpan.FromSeconds(200_000), start);
        Assert.Equal(Now - step, start + (step * (200_000 - 1)));
    }

    [Fact]
    public void A_huge_run_squeezes_the_step_so_that_no_event_is_before_2000()
    {
        var (start, step) = TrafficPlan.Timeline(int.MaxValue, Now);

        Assert.True(step < TimeSpan.FromSeconds(1));
        Assert.True(start >= TrafficPlan.Earliest, $"start {start:O}");
        Assert.True(start + TimeSpan.FromTicks(step.Ticks * (int.MaxValue - 1L)) < Now);
    }

    [Fact]
    public void Run_ids_are_fresh_per_run()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => TrafficPlan.NewRunId()).ToList();

        Assert.All(ids, id => Assert.Matches(RunId(), id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [GeneratedRegex("^load-[0-9a-f]{8}$")]
    private static partial Regex RunId();
}
