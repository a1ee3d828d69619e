using LifecycleActors.Rules.Events;

namespace LifecycleActors.Rules.Tests.Properties;

/// <summary>
/// A brute-force reading of contract §3 straight from the full list of events, written independently of the
/// incremental rules, to check them against.
/// </summary>
internal static class Oracle
{
    public sealed record Expected(
        Stage Stage,
        bool Vip,
        bool Advocate,
        int Orders,
        decimal NetSpend,
        decimal Spend365,
        int PurchaseDays,
        double ExpectedGapDays,
        int AdvocacyPoints,
        bool Unsubscribed,
        double EngagementRaw);

    public static Expected At(IReadOnlyCollection<CustomerEvent> events, IReadOnlyCollection<string> converted, TenantFacts facts, RuleOptions o, DateTimeOffset now)
    {
        var orders = events.Where(e => e.Type == EventType.OrderPlaced)
            .GroupBy(e => e.OrderId)
            .Select(g => g.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id, StringComparer.Ordinal).First())
            .ToList();
        var refunds = events.Where(e => e.Type == EventType.OrderRefunded)
            .GroupBy(e => e.OrderId!)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Amount));
        decimal Net(CustomerEvent order) => Math.Max(0, order.Amount - refunds.GetValueOrDefault(order.OrderId!));

        decimal SpendAt(DateTimeOffset t) => orders
            .Where(order => order.OccurredAt > t - Span(o.SpendWindowDays) && order.OccurredAt <= t)
            .Sum(Net);

        var days = orders.Select(order => DateOnly.FromDateTime(order.OccurredAt.UtcDateTime).DayNumber).Distinct().Order().ToList();
        var gaps = days.Zip(days.Skip(1), (a, b) => (double)(b - a)).ToList();
        var gap = gaps.Count > 0 ? gaps.TakeLast(o.CadenceGaps).Average() : facts.PopulationGapDays ?? o.DefaultGapDays;
        var lapse = Math.Clamp(o.LapseFactor * gap, o.LapseMinDays, o.LapseMaxDays);

        var stage = Stage.Prospect;
        if (orders.Count > 0)
        {
            var recency = now - orders.Max(order => order.OccurredAt);
            stage = recency > Span(lapse + o.ChurnGraceDays) ? Stage.Churned
                : recency > Span(lapse) ? Stage.Lapsed
                : recency > Span(o.AtRiskFraction * lapse) ? Stage.AtRisk
                : days.Count == 1 ? Stage.OneTime
                : Stage.Repeat;
        }

        var vip = false;
        if (facts.VipThreshold is { } threshold)
        {
            var instants = orders.SelectMany(order => new[] { order.OccurredAt, order.OccurredAt + Span(o.SpendWindowDays) })
                .Where(t => t <= now)
                .Distinct()
                .Order();
            foreach (var instant in instants)
            {
                var spend = SpendAt(instant);
                if (spend >= threshold) vip = true;
                else if (spend < threshold * o.VipExitRatio) vip = false;
            }
        }

        bool InWindow(DateTimeOffset t) => t > now - Span(o.AdvocacyWindowDays) && t <= now;
        var referralPoints = events.Where(e => e.Type == EventType.ReferralMade)
            .GroupBy(e => e.ReferredCustomerId!)
            .Where(g => InWindow(g.Max(e => e.OccurredAt)))
            .Sum(g => converted.Contains(g.Key) ? 3 : 1);
        var reviewPoints = Math.Min(2, events.Count(e => e.Type == EventType.ReviewSubmitted && e.Rating >= 4 && InWindow(e.OccurredAt)));
        var sharePoints = Math.Min(2, events.Count(e => e.Type == EventType.SocialShare && InWindow(e.OccurredAt)));
        var latestNps = events.Where(e => e.Type == EventType.NpsResponse && InWindow(e.OccurredAt))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id, StringComparer.Ordinal)
            .LastOrDefault();
        var points = referralPoints + reviewPoints + sharePoints + (latestNps?.Score >= o.NpsPromoterMin ? 2 : 0);
        var advocate = orders.Count >= 1 && points >= o.AdvocatePoints && !(latestNps?.Score <= o.NpsDetractorMax);

        var counted = events.Where(e => e.Type != EventType.OrderPlaced).Concat(orders).Where(e => e.OccurredAt <= now);
        var raw = counted.Sum(e => e.Type.EngagementWeight() * Math.Pow(2, -(now - e.OccurredAt).TotalDays / o.EngagementHalfLifeDays));

        return new Expected(
            stage,
            vip,
            advocate,
            orders.Count,
            orders.Sum(Net),
            SpendAt(now),
            days.Count,
            gap,
            points,
            events.Any(e => e.Type == EventType.Unsubscribed),
            raw);
    }

    private static TimeSpan Span(double days) => TimeSpan.FromTicks((long)Math.Round(days * TimeSpan.TicksPerDay));
}
