namespace LifecycleActors.Rules.Events;

/// <summary>
/// A validated customer event, reduced to the fields the rules read. Extra data stays in the event log.
/// </summary>
public sealed record CustomerEvent(string Id, string CustomerId, EventType Type, DateTimeOffset OccurredAt)
{
    /// <summary><c>order_placed</c> and <c>order_refunded</c>: the order it concerns.</summary>
    public string? OrderId { get; init; }

    /// <summary><c>order_placed</c>: the order amount; <c>order_refunded</c>: the refunded amount.</summary>
    public decimal Amount { get; init; }

    /// <summary><c>review_submitted</c>: 1..5.</summary>
    public int? Rating { get; init; }

    /// <summary><c>nps_response</c>: 0..10.</summary>
    public int? Score { get; init; }

    /// <summary><c>referral_made</c>: the customer who was referred.</summary>
    public string? ReferredCustomerId { get; init; }

    /// <summary><c>identify</c>: the known customer the anonymous <see cref="CustomerId"/> is linked to (no rule reads it).</summary>
    public string? LinkedCustomerId { get; init; }

    public static CustomerEvent Order(string id, string customerId, DateTimeOffset at, string orderId, decimal amount) =>
        new(id, customerId, EventType.OrderPlaced, at) { OrderId = orderId, Amount = amount };

    public static CustomerEvent Refund(string id, string customerId, DateTimeOffset at, string orderId, decimal amount) =>
        new(id, customerId, EventType.OrderRefunded, at) { OrderId = orderId, Amount = amount };

    public static CustomerEvent Review(string id, string customerId, DateTimeOffset at, int rating) =>
        new(id, customerId, EventType.ReviewSubmitted, at) { Rating = rating };

    public static CustomerEvent Nps(string id, string customerId, DateTimeOffset at, int score) =>
        new(id, customerId, EventType.NpsResponse, at) { Score = score };

    public static CustomerEvent Referral(string id, string customerId, DateTimeOffset at, string referredCustomerId) =>
        new(id, customerId, EventType.ReferralMade, at) { ReferredCustomerId = referredCustomerId };

    public static CustomerEvent Identify(string id, string anonymousId, DateTimeOffset at, string customerId) =>
        new(id, anonymousId, EventType.Identify, at) { LinkedCustomerId = customerId };

    public static CustomerEvent Simple(string id, string customerId, EventType type, DateTimeOffset at) =>
        new(id, customerId, type, at);
}
