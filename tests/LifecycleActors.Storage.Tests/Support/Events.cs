using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Storage.Tests.Support;

/// <summary>Events to append, as the ingestion path builds them.</summary>
internal static class Events
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static NewEvent Order(string id, string customer, string orderId, decimal amount, DateTimeOffset? at = null) =>
        new(id, customer, "order_placed", at ?? Start, orderId, amount, null, null, $"{{\"orderId\":\"{orderId}\",\"amount\":{amount}}}");

    public static NewEvent Visit(string id, string customer, DateTimeOffset? at = null) =>
        new(id, customer, "visit", at ?? Start, null, null, null, null, "{}");

    public static NewEvent Review(string id, string customer, int rating) =>
        new(id, customer, "review_submitted", Start, null, null, rating, null, $"{{\"rating\":{rating}}}");
}
