using LifecycleActors.Abstractions;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Storage.Tests.Support;

/// <summary>Events to append, as the ingestion path builds them, and transitions to write.</summary>
internal static class Events
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static NewEvent Order(string id, string customer, string orderId, decimal amount, DateTimeOffset? at = null) =>
        new(id, customer, "order_placed", at ?? Start, orderId, amount, null, null, $"{{\"orderId\":\"{orderId}\",\"amount\":{amount}}}");

    public static NewEvent Refund(string id, string customer, string orderId, decimal amount, DateTimeOffset at) =>
        new(id, customer, "order_refunded", at, orderId, amount, null, null, $"{{\"orderId\":\"{orderId}\",\"amount\":{amount}}}");

    public static NewEvent Nps(string id, string customer, int score, DateTimeOffset at) =>
        new(id, customer, "nps_response", at, null, null, score, null, $"{{\"score\":{score}}}");

    public static NewEvent Visit(string id, string customer, DateTimeOffset? at = null) =>
        new(id, customer, "visit", at ?? Start, null, null, null, null, "{}");

    public static NewEvent Review(string id, string customer, int rating) =>
        new(id, customer, "review_submitted", Start, null, null, rating, null, $"{{\"rating\":{rating}}}");

    public static NewEvent Referral(string id, string customer, string referred, DateTimeOffset? at = null) =>
        new(id, customer, "referral_made", at ?? Start, null, null, null, referred, $"{{\"referredCustomerId\":\"{referred}\"}}");

    /// <summary>A visit sent under an anonymous visitor id (<c>anon-…</c>).</summary>
    public static NewEvent AnonymousVisit(string id, string anonymousId, DateTimeOffset? at = null) =>
        Visit(id, anonymousId, at) with { Anonymous = true };

    /// <summary>An identify sent under <paramref name="anonymousId"/> that links it to <paramref name="customer"/>.</summary>
    public static NewEvent Identify(string id, string anonymousId, string customer, DateTimeOffset? at = null) =>
        new(id, anonymousId, "identify", at ?? Start, null, null, null, null, $"{{\"customerId\":\"{customer}\"}}", Anonymous: true, LinkTo: customer);

    /// <summary>A stage transition of a customer of tenant <c>shop</c>, as the read-model writer gets it.</summary>
    public static TransitionRecord Stage(string customer, string from, string to, DateTimeOffset at, long sequence) =>
        new("shop", customer, "stage", from, to, at, at, sequence, $"{from} to {to}");
}
