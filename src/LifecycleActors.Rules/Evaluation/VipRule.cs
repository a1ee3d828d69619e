using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>
/// VIP with hysteresis (contract §3): enter when spend365 ≥ T, leave when spend365 &lt; 0.8 T, keep in between.
/// The hysteresis runs along customer time over the spend history, not along arrival order: the flag at an
/// instant is decided by the latest earlier instant at which spend365 was outside the band. That makes the flag
/// a function of the set of events, whatever order they arrive in (a refund that arrives before its order gives
/// the same answer as one that arrives after it). Where the tenant's threshold changed, the walk stops at the
/// flag held at that moment (<see cref="CustomerState.VipMemo"/>), so a new threshold alone does not take the
/// flag from a customer in the band.
/// </summary>
internal static class VipRule
{
    public static bool At(CustomerState state, TenantFacts facts, RuleOptions options, DateTimeOffset now)
    {
        if (facts.VipThreshold is not { } threshold || threshold <= 0)
        {
            return false;
        }

        var exit = threshold * options.VipExitRatio;
        var history = new SpendHistory(state, options);
        var spend = history.At(now);
        if (spend >= threshold) return true;
        if (spend < exit) return false;

        // In the band: walk back through the instants where spend changed until it was outside the band.
        var memo = state.VipMemo;
        var steps = history.Steps();
        var i = steps.Count - 1;
        while (i >= 0 && steps[i].At > now)
        {
            i--;
        }

        while (i >= 0 && (memo is null || steps[i].At > memo.At))
        {
            var at = steps[i].At;
            for (; i >= 0 && steps[i].At == at; i--)
            {
                spend -= steps[i].Delta;
            }

            if (spend >= threshold) return true;
            if (spend < exit) return false;
        }

        return memo?.Vip ?? false;
    }

    /// <summary>The first instant after <paramref name="now"/> at which the flag changes by time alone.</summary>
    public static DateTimeOffset? NextChange(CustomerState state, TenantFacts facts, RuleOptions options, DateTimeOffset now, bool vipNow)
    {
        if (facts.VipThreshold is not { } threshold || threshold <= 0)
        {
            return null;
        }

        var exit = threshold * options.VipExitRatio;
        var history = new SpendHistory(state, options);
        var spend = history.At(now);
        var steps = history.Steps();
        var i = 0;
        while (i < steps.Count && steps[i].At <= now)
        {
            i++;
        }

        while (i < steps.Count)
        {
            var at = steps[i].At;
            for (; i < steps.Count && steps[i].At == at; i++)
            {
                spend += steps[i].Delta;
            }

            if (vipNow ? spend < exit : spend >= threshold)
            {
                return at;
            }
        }

        return null;
    }
}
