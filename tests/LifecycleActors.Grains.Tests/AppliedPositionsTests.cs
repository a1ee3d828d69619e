namespace LifecycleActors.Grains.Tests;

public sealed class AppliedPositionsTests
{
    [Fact]
    public void A_position_is_applied_once_and_refused_after()
    {
        var applied = new AppliedPositions();

        Assert.True(applied.TryMarkApplied(5));
        Assert.False(applied.TryMarkApplied(5));
        Assert.Equal([5L], applied.ToStored().AppliedAbove);
    }

    [Fact]
    public void Positions_at_or_below_the_watermark_are_refused()
    {
        var applied = AppliedPositions.FromStored(10, []);

        Assert.False(applied.TryMarkApplied(10));
        Assert.False(applied.TryMarkApplied(3));
        Assert.True(applied.TryMarkApplied(11));
    }

    [Fact]
    public void Positions_out_of_order_are_each_applied_once_and_the_highest_is_kept()
    {
        var applied = new AppliedPositions();

        Assert.True(applied.TryMarkApplied(9));
        Assert.True(applied.TryMarkApplied(4));
        Assert.True(applied.TryMarkApplied(7));
        Assert.False(applied.TryMarkApplied(4));

        Assert.Equal(9, applied.Highest);
        Assert.Equal(0, applied.Watermark);
        Assert.Equal([4L, 7L, 9L], applied.ToStored().AppliedAbove);
    }

    [Fact]
    public void The_highest_counts_only_positions_marked_since_loading()
    {
        var applied = AppliedPositions.FromStored(3, [8]);

        Assert.Equal(0, applied.Highest);
        Assert.True(applied.TryMarkApplied(5));
        Assert.Equal(5, applied.Highest);
    }

    [Fact]
    public void Advancing_the_watermark_drops_the_positions_at_or_below_it_and_keeps_those_above()
    {
        var applied = Marked(0, 2, 5, 6, 9);

        applied.AdvanceWatermark(6);

        AssertStored(applied, 6, 9);
        Assert.False(applied.TryMarkApplied(5));
        Assert.False(applied.TryMarkApplied(9));
        Assert.True(applied.TryMarkApplied(7));
    }

    [Fact]
    public void The_watermark_never_moves_back()
    {
        var applied = AppliedPositions.FromStored(20, []);

        applied.AdvanceWatermark(12);

        Assert.Equal(20, applied.Watermark);
        Assert.False(applied.TryMarkApplied(15));
    }

    [Theory]
    // Every entry the log holds above the watermark is applied, or it holds none.
    [InlineData(new long[] { 12, 15 }, 2, 15, false)]
    [InlineData(new long[] { 12, 15 }, 0, 0, false)]
    // The log holds 12, 13 and 15: 13 was never delivered.
    [InlineData(new long[] { 12, 15 }, 3, 15, true)]
    // 20 was delivered before the log read saw it: read up to 13, the log holding 12 and 13 still misses 13.
    [InlineData(new long[] { 12, 20 }, 2, 13, true)]
    [InlineData(new long[] { 12, 20 }, 1, 13, false)]
    public void An_entry_is_missing_when_the_log_counts_more_up_to_its_last_than_are_applied(
        long[] applied, int countInLog, long lastInLog, bool missing)
    {
        Assert.Equal(missing, Marked(10, applied).IsMissingAny(countInLog, lastInLog));
    }

    [Fact]
    public void The_stored_form_round_trips()
    {
        var applied = Marked(4, 8, 6);

        var (watermark, above) = applied.ToStored();
        var loaded = AppliedPositions.FromStored(watermark, above);

        Assert.Equal(4, watermark);
        Assert.Equal([6L, 8L], above);
        AssertStored(loaded, 4, 6, 8);
        Assert.False(loaded.TryMarkApplied(6));
        Assert.False(loaded.TryMarkApplied(8));
        Assert.False(loaded.TryMarkApplied(4));
        Assert.True(loaded.TryMarkApplied(7));
        Assert.False(loaded.IsMissingAny(countInLog: 3, lastInLog: 8));
    }

    [Fact]
    public void The_stored_list_is_a_copy_that_later_changes_leave_alone()
    {
        var applied = new AppliedPositions();
        applied.TryMarkApplied(3);

        var stored = applied.ToStored().AppliedAbove;
        applied.TryMarkApplied(4);
        applied.AdvanceWatermark(4);

        Assert.Equal([3L], stored);
    }

    [Fact]
    public void Stored_positions_at_or_below_the_stored_watermark_are_not_counted_as_above_it()
    {
        var applied = AppliedPositions.FromStored(10, [7, 10, 12]);

        AssertStored(applied, 10, 12);
        Assert.True(applied.IsMissingAny(countInLog: 2, lastInLog: 13));
    }

    /// <summary>Positions loaded at <paramref name="watermark"/>, then <paramref name="positions"/> applied (each new).</summary>
    private static AppliedPositions Marked(long watermark, params long[] positions)
    {
        var applied = AppliedPositions.FromStored(watermark, []);
        Assert.All(positions, position => Assert.True(applied.TryMarkApplied(position)));
        return applied;
    }

    private static void AssertStored(AppliedPositions applied, long watermark, params long[] above)
    {
        var stored = applied.ToStored();
        Assert.Equal(watermark, stored.Watermark);
        Assert.Equal(above, stored.AppliedAbove);
    }
}
