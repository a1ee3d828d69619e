using System.Globalization;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>The human-readable reasons of transitions; each names the numbers behind the change.</summary>
internal static class Reasons
{
    public static string Stage(Stage from, Stage to, Cadence cadence, double recencyDays, RuleOptions options, Cause cause)
    {
        var order = cause.Event is { Type: EventType.OrderPlaced } e ? e : null;
        return to switch
        {
            Rules.Stage.AtRisk => $"no order for {Days(recencyDays)} days; {Expected(cadence)} (at risk after {Days(cadence.AtRiskDays)})",
            Rules.Stage.Lapsed => $"no order for {Days(recencyDays)} days; {Expected(cadence)} (lapse after {Days(cadence.LapseDays)})",
            Rules.Stage.Churned => $"no order for {Days(recencyDays)} days; lapsed after {Days(cadence.LapseDays)} plus {Days(options.ChurnGraceDays)} days' grace",
            Rules.Stage.Prospect => "no orders",
            _ when from.IsDormant() && order is not null =>
                $"reactivation: order {order.OrderId} after {Days(cause.DaysWithoutOrder ?? 0)} days without an order (was {from.ToWireName()}); {Expected(cadence)}",
            _ when from.IsDormant() =>
                $"reactivation: no order for {Days(recencyDays)} days is within {Expected(cadence)} (lapse after {Days(cadence.LapseDays)}); was {from.ToWireName()}",
            Rules.Stage.OneTime when order is not null && from == Rules.Stage.Prospect =>
                $"first order {order.OrderId} ({Money(order.Amount)})",
            _ when order is not null =>
                $"order {order.OrderId}: {cause.PurchaseDays} purchase days; {Expected(cadence)}",
            _ => $"no order for {Days(recencyDays)} days; {Expected(cadence)} (at risk after {Days(cadence.AtRiskDays)})",
        };
    }

    public static string VipEntered(decimal spend365, decimal threshold, decimal exit, string? basis) =>
        (spend365 >= threshold
            ? $"spend365 {Money(spend365)} ≥ threshold {Money(threshold)}"
            : $"spend365 reached threshold {Money(threshold)} and has stayed at or above {Money(exit)} since (now {Money(spend365)})")
        + (basis is null ? "" : $" ({basis})");

    public static string VipLeft(decimal spend365, decimal? threshold, decimal exitRatio)
    {
        if (threshold is not { } t || t <= 0)
        {
            return "this shop has no VIP threshold yet";
        }

        var exit = t * exitRatio;
        return spend365 < exit
            ? $"spend365 {Money(spend365)} < {Money(exit)} ({Ratio(exitRatio)} × threshold {Money(t)})"
            : $"spend365 {Money(spend365)} has not reached threshold {Money(t)} since it was below {Money(exit)}";
    }

    public static string Advocacy(AdvocacyScore score, RuleOptions options)
    {
        var parts = $"referrals {score.ReferralPoints}, reviews {score.ReviewPoints}, shares {score.SharePoints}, NPS {score.NpsPoints}";
        if (score.Advocate)
        {
            return $"advocacy points {score.Points} ≥ {options.AdvocatePoints} ({parts})";
        }

        if (score.DetractorScore is { } detractor)
        {
            return $"latest NPS {detractor} ≤ {options.NpsDetractorMax} (detractor); advocacy points {score.Points} ({parts})";
        }

        return $"advocacy points {score.Points} < {options.AdvocatePoints} ({parts})";
    }

    public static string WithCause(string reason, Cause cause) =>
        cause.FactsChanged ? $"shop facts refreshed: {reason}" : reason;

    private static string Expected(Cadence cadence) => cadence.Source switch
    {
        GapSource.Own => $"expected every {Days(cadence.ExpectedGapDays)} days",
        GapSource.Population => $"expected every {Days(cadence.ExpectedGapDays)} days like the shop's typical customer",
        _ => $"expected every {Days(cadence.ExpectedGapDays)} days by default",
    };

    private static string Days(double days) => Math.Floor(days * 10 + 1e-9) / 10 is var d && d == Math.Floor(d)
        ? d.ToString("0", CultureInfo.InvariantCulture)
        : d.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Ratio(decimal ratio) => ratio.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>What triggered an evaluation, for the reason text.</summary>
internal readonly record struct Cause(CustomerEvent? Event, bool FactsChanged, double? DaysWithoutOrder, int PurchaseDays)
{
    public static readonly Cause Time = default;
}
