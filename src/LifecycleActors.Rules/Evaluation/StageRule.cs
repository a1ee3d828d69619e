using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>The stage rule of contract §3: the first of six conditions that holds.</summary>
internal static class StageRule
{
    public static Stage At(CustomerState state, Cadence cadence, DateTimeOffset now)
    {
        if (state.LastOrderAt is not { } last)
        {
            return Stage.Prospect;
        }

        var recency = now - last;
        if (recency > cadence.Churn) return Stage.Churned;
        if (recency > cadence.Lapse) return Stage.Lapsed;
        if (recency > cadence.AtRisk) return Stage.AtRisk;
        return state.PurchaseDays.Count == 1 ? Stage.OneTime : Stage.Repeat;
    }

    /// <summary>
    /// The first instant after <paramref name="now"/> at which the stage differs by time alone: one tick past a
    /// threshold, because each rule compares recency strictly (recency &gt; L).
    /// </summary>
    public static DateTimeOffset? NextChange(CustomerState state, Cadence cadence, DateTimeOffset now)
    {
        if (state.LastOrderAt is not { } last)
        {
            return null;
        }

        foreach (var threshold in (ReadOnlySpan<TimeSpan>)[cadence.AtRisk, cadence.Lapse, cadence.Churn])
        {
            var due = last + threshold + TimeSpan.FromTicks(1);
            if (due > now)
            {
                return due;
            }
        }

        return null;
    }
}
