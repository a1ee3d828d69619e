namespace LifecycleActors.Connectors;

/// <summary>
/// A storefront event mapped from a platform's payload (contract §2 types: <c>order_placed</c>, <c>order_refunded</c>,
/// <c>signup</c>, <c>unsubscribed</c>, <c>checkout_started</c>). Its id comes from the platform's own ids, so a
/// resent webhook maps to the same id.
/// </summary>
/// <param name="CustomerId">
/// Null only for an <c>order_refunded</c> whose payload names the order but not its customer (Shopify's
/// <c>refunds/create</c>): the customer is the one of order <see cref="OrderId"/>.
/// </param>
public sealed record ConnectorEvent(string Id, string? CustomerId, string Type, DateTimeOffset OccurredAt)
{
    /// <summary><c>order_placed</c> and <c>order_refunded</c>: the platform's order id.</summary>
    public string? OrderId { get; init; }

    /// <summary><c>order_placed</c> (gross total) and <c>order_refunded</c> (the refunded amount).</summary>
    public decimal? Amount { get; init; }

    /// <summary><c>order_placed</c>: ISO 4217 code as the platform states it.</summary>
    public string? Currency { get; init; }

    /// <summary><c>checkout_started</c>: the checkout's total, when the platform states one.</summary>
    public decimal? Value { get; init; }
}
