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
        var applied = new AppliedPositions();
        foreach (var position in new long[] { 2, 5, 6, 9 })
        {
            applied.TryMarkApplied(position);
        }

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

    [Fact]
    public void Nothing_is_missing_when_every_entry_in_the_log_is_applied()
    {
        var applied = AppliedPositions.FromStored(10, []);
        applied.TryMarkApplied(12);
        applied.TryMarkApplied(15);

        Assert.False(applied.IsMissingAny(countInLog: 2, lastInLog: 15));
        Assert.False(applied.IsMissingAny(countInLog: 0, lastInLog: 0));
    }

    [Fact]
    public void An_entry_in_the_log_not_applied_is_missing()
    {
        var applied = AppliedPositions.FromStored(10, []);
        applied.TryMarkApplied(12);
        applied.TryMarkApplied(15);

        // The log holds 12, 13 and 15: 13 was never delivered.
        Assert.True(applied.IsMissingAny(countInLog: 3, lastInLog: 15));
    }

    [Fact]
    public void Positions_applied_beyond_the_last_log_entry_do_not_hide_a_missing_one()
    {
        // 20 was delivered before the log read saw it; the log, read up to 13, holds 12 and 13.
        var applied = AppliedPositions.FromStored(10, []);
        applied.TryMarkApplied(12);
        applied.TryMarkApplied(20);

        Assert.True(applied.IsMissingAny(countInLog: 2, lastInLog: 13));
        Assert.False(applied.IsMissingAny(countInLog: 1, lastInLog: 13));
    }

    [Fact]
    public void The_stored_form_round_trips()
    {
        var applied = AppliedPositions.FromStored(4, []);
        applied.TryMarkApplied(8);
        applied.TryMarkApplied(6);

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

    private static void AssertStored(AppliedPositions applied, long watermark, params long[] above)
    {
        var stored = applied.ToStored();
        Assert.Equal(watermark, stored.Watermark);
        Assert.Equal(above, stored.AppliedAbove);
    }
}
