using System.Globalization;
using LifecycleActors.Rules.Events;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>The human-readable reasons of transitions; each names the numbers behind the change.</summary>
internal static class Reasons
{
    public static Reason Stage(Stage from, Stage to, Cadence cadence, double recencyDays, RuleOptions options, Cause cause)
    {
        var order = cause.Event is { Type: EventType.OrderPlaced } e ? e : null;
        var days = ("days", (object)ReasonArgs.Days(recencyDays));
        var gap = ("expectedGapDays", (object)ReasonArgs.Days(cadence.ExpectedGapDays));
        var source = ("gapSource", (object)GapSourceName(cadence.Source));
        var was = ("was", (object)from.ToWireName());
        return to switch
        {
            Rules.Stage.AtRisk => new(
                $"no order for {Days(recencyDays)} days; {Expected(cadence)} (at risk after {Days(cadence.AtRiskDays)})",
                "at_risk_no_order",
                ReasonArgs.Of(days, gap, source, ("thresholdDays", ReasonArgs.Days(cadence.AtRiskDays)))),
            Rules.Stage.Lapsed => new(
                $"no order for {Days(recencyDays)} days; {Expected(cadence)} (lapse after {Days(cadence.LapseDays)})",
                "lapse_no_order",
                ReasonArgs.Of(days, gap, source, ("thresholdDays", ReasonArgs.Days(cadence.LapseDays)))),
            Rules.Stage.Churned => new(
                $"no order for {Days(recencyDays)} days; lapsed after {Days(cadence.LapseDays)} plus {Days(options.ChurnGraceDays)} days' grace",
                "churn_no_order",
                ReasonArgs.Of(days, ("lapseDays", ReasonArgs.Days(cadence.LapseDays)), ("graceDays", ReasonArgs.Days(options.ChurnGraceDays)))),
            Rules.Stage.Prospect => new("no orders", "no_orders", ReasonArgs.None),
            _ when from.IsDormant() && order is not null => new(
                $"reactivation: order {order.OrderId} after {Days(cause.DaysWithoutOrder ?? 0)} days without an order (was {from.ToWireName()}); {Expected(cadence)}",
                "reactivated_by_order",
                ReasonArgs.Of(("orderId", order.OrderId ?? ""), ("days", ReasonArgs.Days(cause.DaysWithoutOrder ?? 0)), was, gap, source)),
            _ when from.IsDormant() => new(
                $"reactivation: no order for {Days(recencyDays)} days is within {Expected(cadence)} (lapse after {Days(cadence.LapseDays)}); was {from.ToWireName()}",
                "reactivated_by_cadence",
                ReasonArgs.Of(days, gap, source, ("thresholdDays", ReasonArgs.Days(cadence.LapseDays)), was)),
            Rules.Stage.OneTime when order is not null && from == Rules.Stage.Prospect => new(
                $"first order {order.OrderId} ({Money(order.Amount)})",
                "first_order",
                ReasonArgs.Of(("orderId", order.OrderId ?? ""), ("amount", ReasonArgs.Money(order.Amount)))),
            _ when order is not null => new(
                $"order {order.OrderId}: {cause.PurchaseDays} purchase days; {Expected(cadence)}",
                "order_placed",
                ReasonArgs.Of(("orderId", order.OrderId ?? ""), ("purchaseDays", cause.PurchaseDays), gap, source)),
            _ => new(
                $"no order for {Days(recencyDays)} days; {Expected(cadence)} (at risk after {Days(cadence.AtRiskDays)})",
                "within_cadence",
                ReasonArgs.Of(days, gap, source, ("thresholdDays", ReasonArgs.Days(cadence.AtRiskDays)))),
        };
    }

    public static Reason VipEntered(decimal spend365, decimal threshold, decimal exit, string? basis)
    {
        var reason = spend365 >= threshold
            ? new Reason(
                $"spend365 {Money(spend365)} ≥ threshold {Money(threshold)}",
                "vip_spend_reached",
                ReasonArgs.Of(("spend365", ReasonArgs.Money(spend365)), ("threshold", ReasonArgs.Money(threshold))))
            : new Reason(
                $"spend365 reached threshold {Money(threshold)} and has stayed at or above {Money(exit)} since (now {Money(spend365)})",
                "vip_spend_held",
                ReasonArgs.Of(("spend365", ReasonArgs.Money(spend365)), ("threshold", ReasonArgs.Money(threshold)), ("exitSpend", ReasonArgs.Money(exit))));
        if (basis is null)
        {
            return reason;
        }

        var suffix = $" ({basis})";
        return TopPercent(basis) is { } top ? reason.With(suffix, "topPercent", top) : new(reason.Text + suffix, reason.Code, reason.Args);
    }

    public static Reason VipLeft(decimal spend365, decimal? threshold, decimal exitRatio)
    {
        if (threshold is not { } t || t <= 0)
        {
            return new("this shop has no VIP threshold yet", "vip_no_threshold", ReasonArgs.None);
        }

        var exit = t * exitRatio;
        return spend365 < exit
            ? new(
                $"spend365 {Money(spend365)} < {Money(exit)} ({Ratio(exitRatio)} × threshold {Money(t)})",
                "vip_spend_below_exit",
                ReasonArgs.Of(("spend365", ReasonArgs.Money(spend365)), ("exitSpend", ReasonArgs.Money(exit)), ("exitRatio", ReasonArgs.Money(exitRatio)), ("threshold", ReasonArgs.Money(t))))
            : new(
                $"spend365 {Money(spend365)} has not reached threshold {Money(t)} since it was below {Money(exit)}",
                "vip_threshold_not_regained",
                ReasonArgs.Of(("spend365", ReasonArgs.Money(spend365)), ("threshold", ReasonArgs.Money(t)), ("exitSpend", ReasonArgs.Money(exit))));
    }

    public static Reason Advocacy(AdvocacyScore score, RuleOptions options)
    {
        var parts = $"referrals {score.ReferralPoints}, reviews {score.ReviewPoints}, shares {score.SharePoints}, NPS {score.NpsPoints}";
        var args = ReasonArgs.Of(
            ("points", score.Points), ("advocatePoints", options.AdvocatePoints), ("referralPoints", score.ReferralPoints),
            ("reviewPoints", score.ReviewPoints), ("sharePoints", score.SharePoints), ("npsPoints", score.NpsPoints));
        if (score.Advocate)
        {
            return new($"advocacy points {score.Points} ≥ {options.AdvocatePoints} ({parts})", "advocate_points_reached", args);
        }

        if (score.DetractorScore is { } detractor)
        {
            return new(
                $"latest NPS {detractor} ≤ {options.NpsDetractorMax} (detractor); advocacy points {score.Points} ({parts})",
                "advocate_detractor",
                args.With("nps", detractor).With("npsDetractorMax", options.NpsDetractorMax));
        }

        return new($"advocacy points {score.Points} < {options.AdvocatePoints} ({parts})", "advocate_points_below", args);
    }

    public static Reason WithCause(Reason reason, Cause cause) =>
        cause.FactsChanged ? new($"shop facts refreshed: {reason.Text}", reason.Code, reason.Args.With("factsRefreshed", true)) : reason;

    private static string GapSourceName(GapSource source) => source switch
    {
        GapSource.Own => "own",
        GapSource.Population => "population",
        _ => "default",
    };

    /// <summary>The percentage of a "top N %" VIP basis, so the screen can word it in its language.</summary>
    private static decimal? TopPercent(string basis) =>
        basis.StartsWith("top ", StringComparison.Ordinal) && basis.EndsWith(" %", StringComparison.Ordinal)
        && decimal.TryParse(basis[4..^2], NumberStyles.Number, CultureInfo.InvariantCulture, out var top)
            ? top
            : null;

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
