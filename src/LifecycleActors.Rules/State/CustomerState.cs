using System.Text.Json.Serialization;

namespace LifecycleActors.Rules.State;

/// <summary>
/// Everything the rules keep about one customer. Mutable and owned by one caller at a time (the customer
/// grain); plain properties so any serializer can snapshot it.
/// </summary>
/// <remarks>
/// Size bound: the state never grows with visits, emails, carts or other engagement events (one running
/// sum). It holds one <see cref="PurchaseDay"/> per distinct purchase date (at most one per calendar day),
/// the orders placed within <see cref="RuleOptions.OrderDetailDays"/> of the newest event (older orders are
/// folded into totals), at most <see cref="RuleOptions.MaxTrackedReferrals"/> referrals within the advocacy
/// window and as many converted referral ids, two reviews, two shares, one NPS answer and at most <see cref="RuleOptions.MaxTrackedReferrers"/>
/// pending referrers.
/// </remarks>
public sealed class CustomerState
{
    /// <summary>Orders placed within the detail window, sorted by placement time.</summary>
    public List<OrderRecord> Orders { get; set; } = [];

    /// <summary>Refunds that arrived before their order.</summary>
    public List<PendingRefund> PendingRefunds { get; set; } = [];

    /// <summary>Distinct UTC purchase dates, ascending.</summary>
    public List<PurchaseDay> PurchaseDays { get; set; } = [];

    /// <summary>Orders folded out of <see cref="Orders"/> because they are older than the detail window.</summary>
    public int FoldedOrders { get; set; }

    public decimal FoldedNetSpend { get; set; }

    public DateTimeOffset? FoldedLastOrderAt { get; set; }

    /// <summary>
    /// The VIP flag at an instant before which the spend history is not consulted: the fold boundary (older
    /// orders are gone) or the moment the tenant's threshold changed (hysteresis carries across it).
    /// </summary>
    public VipMemo? VipMemo { get; set; }

    /// <summary>Engagement as Σ weight × 2^(−age/half-life), evaluated at <see cref="EngagementAt"/>.</summary>
    public double EngagementRaw { get; set; }

    public DateTimeOffset? EngagementAt { get; set; }

    public List<ReferralRecord> Referrals { get; set; } = [];

    /// <summary>
    /// Referred customers known to have ordered, whether or not their referral event has arrived yet
    /// (conversion is a fact about the referred customer, so it is kept apart from the referral records).
    /// </summary>
    public List<string> ConvertedReferrals { get; set; } = [];

    /// <summary>Customers who referred this one and wait for its first order.</summary>
    public List<string> Referrers { get; set; } = [];

    /// <summary>The two newest reviews rated 4 or 5.</summary>
    public List<EventMark> GoodReviews { get; set; } = [];

    /// <summary>The two newest social shares.</summary>
    public List<EventMark> Shares { get; set; } = [];

    public NpsMark? LatestNps { get; set; }

    public DateTimeOffset? UnsubscribedAt { get; set; }

    /// <summary>The newest occurredAt of any event applied.</summary>
    public DateTimeOffset? NewestEventAt { get; set; }

    public int EventsApplied { get; set; }

    /// <summary>The stage and flags last published as transitions.</summary>
    public Stage Stage { get; set; }

    public bool Vip { get; set; }

    public bool Advocate { get; set; }

    /// <summary>Sequence number of the last transition.</summary>
    public long Sequence { get; set; }

    /// <summary>The tenant facts the published stage and flags were computed with.</summary>
    public TenantFacts Facts { get; set; } = TenantFacts.None;

    /// <summary>The service time of the last evaluation.</summary>
    public DateTimeOffset? EvaluatedAt { get; set; }

    /// <summary>The next instant at which the stage or a flag changes by time alone; null when none will.</summary>
    public DateTimeOffset? NextChangeAt { get; set; }

    [JsonIgnore]
    public int OrderCount => Orders.Count + FoldedOrders;

    [JsonIgnore]
    public DateTimeOffset? LastOrderAt
    {
        get
        {
            var kept = Orders.Count == 0 ? (DateTimeOffset?)null : Orders[^1].PlacedAt;
            return (kept, FoldedLastOrderAt) switch
            {
                (null, var folded) => folded,
                (var k, null) => k,
                (var k, var folded) => k > folded ? k : folded,
            };
        }
    }

    /// <summary>A deep copy.</summary>
    public CustomerState Clone() => new()
    {
        Orders = Orders.Select(o => o with { }).ToList(),
        PendingRefunds = [.. PendingRefunds],
        PurchaseDays = [.. PurchaseDays],
        FoldedOrders = FoldedOrders,
        FoldedNetSpend = FoldedNetSpend,
        FoldedLastOrderAt = FoldedLastOrderAt,
        VipMemo = VipMemo,
        EngagementRaw = EngagementRaw,
        EngagementAt = EngagementAt,
        Referrals = [.. Referrals],
        ConvertedReferrals = [.. ConvertedReferrals],
        Referrers = [.. Referrers],
        GoodReviews = [.. GoodReviews],
        Shares = [.. Shares],
        LatestNps = LatestNps,
        UnsubscribedAt = UnsubscribedAt,
        NewestEventAt = NewestEventAt,
        EventsApplied = EventsApplied,
        Stage = Stage,
        Vip = Vip,
        Advocate = Advocate,
        Sequence = Sequence,
        Facts = Facts,
        EvaluatedAt = EvaluatedAt,
        NextChangeAt = NextChangeAt,
    };
}
