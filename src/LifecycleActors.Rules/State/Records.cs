using System.Text.Json.Serialization;

namespace LifecycleActors.Rules.State;

/// <summary>
/// One order. Of several <c>order_placed</c> events with the same order id, the canonical one is the
/// earliest by (occurredAt, event id), so the result does not depend on arrival order.
/// </summary>
public sealed record OrderRecord(string OrderId, string EventId, DateTimeOffset PlacedAt, decimal Amount)
{
    public decimal Refunded { get; init; }

    [JsonIgnore]
    public decimal Net => Math.Max(0m, Amount - Refunded);
}

/// <summary>Refunds for an order not seen yet.</summary>
public sealed record PendingRefund(string OrderId, decimal Amount, DateTimeOffset LatestAt);

/// <summary>A distinct UTC purchase date with its order count and net total.</summary>
/// <param name="Day">Days since 0001-01-01 (<see cref="DateOnly.DayNumber"/>).</param>
public sealed record PurchaseDay(int Day, int Orders, decimal Net);

/// <summary>A referral; <see cref="At"/> is the newest referral event for the same referred customer.</summary>
public sealed record ReferralRecord(string ReferredCustomerId, DateTimeOffset At);

/// <summary>An event remembered for advocacy points, ordered by (time, event id).</summary>
public sealed record EventMark(DateTimeOffset At, string EventId);

/// <summary>An NPS answer.</summary>
public sealed record NpsMark(DateTimeOffset At, string EventId, int Score);

/// <summary>The VIP flag at instant <see cref="At"/>, remembered when older orders were folded.</summary>
public sealed record VipMemo(DateTimeOffset At, bool Vip);
