namespace LifecycleActors.Campaigns;

/// <summary>An entry of a customer into a campaign, as the statistics see it.</summary>
public sealed record EntryOutcome(string CustomerId, DateTimeOffset EnteredAt, EntryStatus Status);

/// <summary>Where an entry stands.</summary>
public enum EntryStatus
{
    Pending,
    Sent,
    Suppressed,
    Holdout,
    Cancelled,
    Failed,
    DeadLettered,
}

/// <summary>A customer's order, for conversions and attributed revenue.</summary>
public sealed record CustomerOrder(string CustomerId, DateTimeOffset At, decimal Amount);

/// <summary>The answer of <c>GET /api/v1/campaigns/{id}/stats</c>.</summary>
public sealed record CampaignStats(
    int Entered,
    int Sent,
    int Suppressed,
    int Holdout,
    int Converted,
    int ConvertedHoldout,
    double? ConversionRate,
    double? HoldoutConversionRate,
    double? Lift,
    decimal AttributedRevenue,
    int Failed,
    int DeadLettered)
{
    /// <summary>
    /// Treated customers are those entered and not held out; a conversion is an order within the conversion window
    /// after entering (counted for treated and held-out customers alike); lift is the relative difference of the two
    /// conversion rates (null while the control group has no conversion). Attributed revenue is the orders of customers
    /// who were sent to, within the attribution window after entering.
    /// </summary>
    public static CampaignStats Compute(CampaignDefinition campaign, IReadOnlyList<EntryOutcome> entries, IReadOnlyList<CustomerOrder> orders)
    {
        var ordersByCustomer = orders.GroupBy(o => o.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var conversion = TimeSpan.FromDays(campaign.ConversionDays);
        var attribution = TimeSpan.FromDays(campaign.AttributionDays);
        bool Converted(EntryOutcome e) =>
            ordersByCustomer.TryGetValue(e.CustomerId, out var own) && own.Any(o => o.At > e.EnteredAt && o.At <= e.EnteredAt + conversion);

        var treated = entries.Where(e => e.Status != EntryStatus.Holdout).ToList();
        var held = entries.Where(e => e.Status == EntryStatus.Holdout).ToList();
        var converted = treated.Count(Converted);
        var convertedHeld = held.Count(Converted);
        double? rate = treated.Count == 0 ? null : (double)converted / treated.Count;
        double? heldRate = held.Count == 0 ? null : (double)convertedHeld / held.Count;
        double? lift = rate is { } r && heldRate is > 0 ? (r - heldRate.Value) / heldRate.Value : null;
        var revenue = entries.Where(e => e.Status == EntryStatus.Sent)
            .Sum(e => ordersByCustomer.TryGetValue(e.CustomerId, out var own)
                ? own.Where(o => o.At > e.EnteredAt && o.At <= e.EnteredAt + attribution).Sum(o => o.Amount)
                : 0m);
        return new CampaignStats(
            entries.Count,
            entries.Count(e => e.Status == EntryStatus.Sent),
            entries.Count(e => e.Status == EntryStatus.Suppressed),
            held.Count,
            converted,
            convertedHeld,
            rate,
            heldRate,
            lift,
            revenue,
            entries.Count(e => e.Status == EntryStatus.Failed),
            entries.Count(e => e.Status == EntryStatus.DeadLettered));
    }
}
