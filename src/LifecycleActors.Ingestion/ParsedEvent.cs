using LifecycleActors.Rules.Events;

namespace LifecycleActors.Ingestion;

/// <summary>An element of a batch that passed validation.</summary>
/// <param name="OccurredAt">As sent, with the sender's offset; <see cref="ToCustomerEvent"/> converts it to UTC.</param>
/// <param name="DataJson">The event's <c>data</c> object written compactly, extra fields included; <c>{}</c> when absent.</param>
public sealed record ParsedEvent(
    int Index,
    string Id,
    string CustomerId,
    EventType Type,
    DateTimeOffset OccurredAt,
    string DataJson) : BatchElement(Index)
{
    /// <summary><c>order_placed</c> and <c>order_refunded</c>.</summary>
    public string? OrderId { get; init; }

    /// <summary><c>order_placed</c> (≥ 0) and <c>order_refunded</c> (&gt; 0); 0 for other types.</summary>
    public decimal Amount { get; init; }

    /// <summary><c>review_submitted</c>.</summary>
    public int? Rating { get; init; }

    /// <summary><c>nps_response</c>.</summary>
    public int? Score { get; init; }

    /// <summary><c>referral_made</c>.</summary>
    public string? ReferredCustomerId { get; init; }

    /// <summary><c>identify</c>: the known customer the anonymous <see cref="CustomerId"/> is linked to.</summary>
    public string? LinkedCustomerId { get; init; }

    /// <summary>The event as the rules see it: the rule fields only, time in UTC.</summary>
    public CustomerEvent ToCustomerEvent() =>
        new(Id, CustomerId, Type, OccurredAt.ToUniversalTime())
        {
            OrderId = OrderId,
            Amount = Amount,
            Rating = Rating,
            Score = Score,
            ReferredCustomerId = ReferredCustomerId,
            LinkedCustomerId = LinkedCustomerId,
        };
}
