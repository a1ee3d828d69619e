using LifecycleActors.Campaigns;

namespace LifecycleActors.Campaigns.Tests;

public sealed class HoldoutTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(50)]
    public void The_held_out_share_is_near_the_configured_percentage(int percent)
    {
        var held = Enumerable.Range(0, 20_000).Count(i => Holdout.IsHeldOut("win-back", $"c-{i}", percent));

        // 20 000 customers: the binomial standard deviation is at most 0.36 percentage points.
        Assert.InRange(held / 200.0, percent - 1.5, percent + 1.5);
    }

    [Fact]
    public void The_group_is_the_same_every_time_and_differs_between_campaigns()
    {
        var first = Enumerable.Range(0, 1000).Select(i => Holdout.IsHeldOut("win-back", $"c-{i}", 30)).ToList();
        var again = Enumerable.Range(0, 1000).Select(i => Holdout.IsHeldOut("win-back", $"c-{i}", 30)).ToList();
        var other = Enumerable.Range(0, 1000).Select(i => Holdout.IsHeldOut("vip-thank-you", $"c-{i}", 30)).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void No_one_is_held_out_at_zero_percent()
    {
        Assert.DoesNotContain(Enumerable.Range(0, 1000), i => Holdout.IsHeldOut("win-back", $"c-{i}", 0));
    }
}
