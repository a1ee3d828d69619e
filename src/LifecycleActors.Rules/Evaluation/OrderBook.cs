using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;

namespace LifecycleActors.Rules.Evaluation;

/// <summary>Orders, refunds, purchase days and folding of old orders (contract §3, Orders and value).</summary>
internal static class OrderBook
{
    /// <summary>What applying an order did.</summary>
    public enum OrderEffect
    {
        /// <summary>A duplicate of a canonical order already kept: nothing changed.</summary>
        Ignored,

        Added,

        /// <summary>An earlier duplicate replaced the kept order.</summary>
        Replaced,
    }

    public static OrderEffect Place(CustomerState state, CustomerEvent order, RuleOptions options)
    {
        var orderId = order.OrderId!;
        var index = state.Orders.FindIndex(o => o.OrderId == orderId);
        if (index >= 0)
        {
            var kept = state.Orders[index];
            if (!IsEarlier(order.OccurredAt, order.Id, kept.PlacedAt, kept.EventId))
            {
                return OrderEffect.Ignored;
            }

            Remove(state, index);
            Engagement.Remove(state, EventType.OrderPlaced.EngagementWeight(), kept.PlacedAt, options);
            Insert(state, new OrderRecord(orderId, order.Id, order.OccurredAt, order.Amount) { Refunded = kept.Refunded });
            Engagement.Add(state, EventType.OrderPlaced.EngagementWeight(), order.OccurredAt, options);
            return OrderEffect.Replaced;
        }

        var refunded = 0m;
        var pending = state.PendingRefunds.FindIndex(r => r.OrderId == orderId);
        if (pending >= 0)
        {
            refunded = state.PendingRefunds[pending].Amount;
            state.PendingRefunds.RemoveAt(pending);
        }

        Insert(state, new OrderRecord(orderId, order.Id, order.OccurredAt, order.Amount) { Refunded = refunded });
        Engagement.Add(state, EventType.OrderPlaced.EngagementWeight(), order.OccurredAt, options);
        return OrderEffect.Added;
    }

    public static void Refund(CustomerState state, CustomerEvent refund)
    {
        var orderId = refund.OrderId!;
        var index = state.Orders.FindIndex(o => o.OrderId == orderId);
        if (index >= 0)
        {
            var order = state.Orders[index];
            var updated = order with { Refunded = order.Refunded + refund.Amount };
            state.Orders[index] = updated;
            AdjustDay(state, Days.DayNumber(order.PlacedAt), orders: 0, net: updated.Net - order.Net);
            return;
        }

        var pending = state.PendingRefunds.FindIndex(r => r.OrderId == orderId);
        if (pending < 0)
        {
            state.PendingRefunds.Add(new PendingRefund(orderId, refund.Amount, refund.OccurredAt));
        }
        else
        {
            var existing = state.PendingRefunds[pending];
            state.PendingRefunds[pending] = new PendingRefund(
                orderId,
                existing.Amount + refund.Amount,
                Days.Max(existing.LatestAt, refund.OccurredAt));
        }
    }

    /// <summary>
    /// Folds orders placed before the detail window into totals, remembering the VIP flag at the point from
    /// which the kept orders alone give exact spend365. Pending refunds as old as that are dropped.
    /// </summary>
    public static void Fold(CustomerState state, TenantFacts facts, RuleOptions options)
    {
        if (state.NewestEventAt is not { } newest)
        {
            return;
        }

        var horizon = newest - Days.Span(options.OrderDetailDays);
        state.PendingRefunds.RemoveAll(r => r.LatestAt <= horizon);
        if (state.Orders.Count == 0 || state.Orders[0].PlacedAt > horizon)
        {
            return;
        }

        var memoAt = horizon + Days.Span(options.SpendWindowDays);
        if (state.VipMemo is null || state.VipMemo.At < memoAt)
        {
            state.VipMemo = new VipMemo(memoAt, VipRule.At(state, facts, options, memoAt));
        }

        var folded = 0;
        foreach (var order in state.Orders)
        {
            if (order.PlacedAt > horizon)
            {
                break;
            }

            state.FoldedOrders++;
            state.FoldedNetSpend += order.Net;
            state.FoldedLastOrderAt = state.FoldedLastOrderAt is { } last ? Days.Max(last, order.PlacedAt) : order.PlacedAt;
            folded++;
        }

        state.Orders.RemoveRange(0, folded);
    }

    public static decimal NetSpend(CustomerState state) => state.FoldedNetSpend + state.Orders.Sum(o => o.Net);

    /// <summary>(time, event id) ordering that picks the canonical one of duplicate orders.</summary>
    private static bool IsEarlier(DateTimeOffset at, string eventId, DateTimeOffset otherAt, string otherEventId) =>
        at < otherAt || (at == otherAt && string.CompareOrdinal(eventId, otherEventId) < 0);

    private static void Insert(CustomerState state, OrderRecord order)
    {
        var index = state.Orders.Count;
        while (index > 0 && IsEarlier(order.PlacedAt, order.EventId, state.Orders[index - 1].PlacedAt, state.Orders[index - 1].EventId))
        {
            index--;
        }

        state.Orders.Insert(index, order);
        AdjustDay(state, Days.DayNumber(order.PlacedAt), orders: 1, net: order.Net);
    }

    private static void Remove(CustomerState state, int index)
    {
        var order = state.Orders[index];
        state.Orders.RemoveAt(index);
        AdjustDay(state, Days.DayNumber(order.PlacedAt), orders: -1, net: -order.Net);
    }

    private static void AdjustDay(CustomerState state, int day, int orders, decimal net)
    {
        var days = state.PurchaseDays;
        var index = days.FindLastIndex(d => d.Day <= day);
        if (index >= 0 && days[index].Day == day)
        {
            var updated = new PurchaseDay(day, days[index].Orders + orders, days[index].Net + net);
            if (updated.Orders <= 0)
            {
                days.RemoveAt(index);
            }
            else
            {
                days[index] = updated;
            }
        }
        else if (orders > 0)
        {
            days.Insert(index + 1, new PurchaseDay(day, orders, net));
        }
    }
}
