using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>Warm or cold by reaction to the shop.</summary>
public enum Temperature
{
    Cold,
    Warm,
    Hot,
}

/// <summary>
/// Engagement with exponential decay (contract §3) in O(1) per event: the state keeps the raw sum evaluated at the
/// newest event time; an older (late) event is added already decayed, a newer one decays the sum first.
/// </summary>
internal static class Engagement
{
    public static void Add(CustomerState state, double weight, DateTimeOffset at, RuleOptions options)
    {
        if (weight == 0)
        {
            return;
        }

        if (state.EngagementAt is not { } reference)
        {
            state.EngagementRaw = weight;
            state.EngagementAt = at;
        }
        else if (at <= reference)
        {
            state.EngagementRaw += weight * Decay(at, reference, options);
        }
        else
        {
            state.EngagementRaw = state.EngagementRaw * Decay(reference, at, options) + weight;
            state.EngagementAt = at;
        }
    }

    /// <summary>Removes a contribution added earlier (an order replaced by its canonical duplicate).</summary>
    public static void Remove(CustomerState state, double weight, DateTimeOffset at, RuleOptions options)
    {
        if (state.EngagementAt is { } reference)
        {
            state.EngagementRaw = Math.Max(0, state.EngagementRaw - (weight * Decay(at, reference, options)));
        }
    }

    /// <summary>The raw sum at <paramref name="now"/>.</summary>
    public static double RawAt(CustomerState state, DateTimeOffset now, RuleOptions options) =>
        state.EngagementAt is { } reference ? state.EngagementRaw * Decay(reference, now, options) : 0;

    public static int Score(double raw) =>
        (int)Math.Round(100 * (1 - Math.Exp(-raw / 10)), MidpointRounding.AwayFromZero);

    public static Temperature TemperatureOf(int score) => score switch
    {
        >= 70 => Temperature.Hot,
        >= 30 => Temperature.Warm,
        _ => Temperature.Cold,
    };

    /// <summary>2^(−(to − from)/half-life); above 1 when <paramref name="to"/> precedes <paramref name="from"/>.</summary>
    private static double Decay(DateTimeOffset from, DateTimeOffset to, RuleOptions options) =>
        Math.Pow(2, -Days.Between(from, to) / options.EngagementHalfLifeDays);
}
