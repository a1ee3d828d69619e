namespace LifecycleActors.Grains;

/// <summary>
/// Which of one customer's log positions its state reflects: every position up to <see cref="Watermark"/>, and the
/// positions above it that were applied out of order or before the log was read up to them. It is what makes applying
/// an event exactly once: a position is applied only when <see cref="TryMarkApplied"/> says it is new.
/// </summary>
/// <remarks>
/// Stored beside the rules' state as <see cref="CustomerGrainState.Watermark"/> and
/// <see cref="CustomerGrainState.AppliedAbove"/> (<see cref="FromStored"/>, <see cref="ToStored"/>): the two must be
/// written together, or a replay would apply an event twice or not at all.
/// </remarks>
public sealed class AppliedPositions
{
    private readonly HashSet<long> _aboveWatermark = [];

    /// <summary>Every position of this customer up to this one is applied.</summary>
    public long Watermark { get; private set; }

    /// <summary>The highest position marked since this was loaded (0 when none was); it can be below the watermark.</summary>
    public long Highest { get; private set; }

    public static AppliedPositions FromStored(long watermark, IEnumerable<long> appliedAbove)
    {
        var positions = new AppliedPositions { Watermark = watermark };
        positions._aboveWatermark.UnionWith(appliedAbove.Where(position => position > watermark));
        return positions;
    }

    /// <summary>The stored form: the watermark, and a new list of the positions above it in ascending order.</summary>
    public (long Watermark, List<long> AppliedAbove) ToStored() => (Watermark, [.. _aboveWatermark.Order()]);

    /// <summary>Whether <paramref name="position"/> is applied already.</summary>
    public bool IsApplied(long position) => position <= Watermark || _aboveWatermark.Contains(position);

    /// <summary>Marks <paramref name="position"/> applied; false when it already was (then it must not be applied again).</summary>
    public bool TryMarkApplied(long position)
    {
        if (position <= Watermark || !_aboveWatermark.Add(position))
        {
            return false;
        }

        Highest = Math.Max(Highest, position);
        return true;
    }

    /// <summary>
    /// Whether the log, holding <paramref name="countInLog"/> entries of this customer above the watermark up to
    /// <paramref name="lastInLog"/>, has any not applied: applied positions above the watermark are all log entries of
    /// this customer, so fewer of them up to the last entry than the log counts means some are missing.
    /// </summary>
    public bool IsMissingAny(int countInLog, long lastInLog) =>
        countInLog > _aboveWatermark.Count(position => position <= lastInLog);

    /// <summary>
    /// Everything up to <paramref name="last"/> is applied (the log commits in position order, so after applying all it
    /// holds up to there, nothing below can still come): moves the watermark there and forgets the positions it covers.
    /// Never moves it back.
    /// </summary>
    public void AdvanceWatermark(long last)
    {
        Watermark = Math.Max(Watermark, last);
        _aboveWatermark.RemoveWhere(position => position <= Watermark);
    }
}
