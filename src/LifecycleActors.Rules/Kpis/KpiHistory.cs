namespace LifecycleActors.Rules.Kpis;

/// <summary>An <c>order_placed</c>: several with the same (customer, orderId) count once, at the earliest placement.</summary>
public sealed record KpiOrder(string CustomerId, string OrderId, DateTimeOffset PlacedAt, decimal Amount);

/// <summary>An <c>order_refunded</c>: lowers its order's net amount in the order's own period, whenever it happened.</summary>
public sealed record KpiRefund(string CustomerId, string OrderId, DateTimeOffset At, decimal Amount);

/// <summary>A stored transition (contract §4) as the KPIs read it: kind is the wire name (stage, vip, advocate).</summary>
public sealed record KpiTransition(string CustomerId, string Kind, string From, string To, DateTimeOffset At, long Sequence);

/// <summary>One NPS answer (score 0..10) at its occurredAt.</summary>
public sealed record KpiNpsResponse(string CustomerId, DateTimeOffset At, int Score);

/// <summary>
/// What the KPIs are computed from, in event (customer) time. <see cref="Customers"/> gives each customer's first
/// applied event, so a customer counts in the stage mix from then on as a prospect until a stage transition says
/// otherwise.
/// </summary>
public sealed record KpiHistory(
    IReadOnlyDictionary<string, DateTimeOffset> Customers,
    IReadOnlyList<KpiOrder> Orders,
    IReadOnlyList<KpiRefund> Refunds,
    IReadOnlyList<KpiTransition> Transitions,
    IReadOnlyList<KpiNpsResponse> NpsResponses);
