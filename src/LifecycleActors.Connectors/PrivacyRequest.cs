namespace LifecycleActors.Connectors;

/// <summary>
/// A platform's privacy request (Shopify's <c>customers/redact</c>, <c>customers/data_request</c>, <c>shop/redact</c>),
/// recorded for the erasure and export that act on it. Holds ids only: never an e-mail in clear.
/// </summary>
/// <param name="CustomerId">The customer as the connector keys customers (null for <c>shop/redact</c>).</param>
/// <param name="EmailCustomerId">The customer as keyed by e-mail hash, when the payload has an e-mail: the same person may exist under both.</param>
/// <param name="RequestId">The platform's id of the request, when it has one (<c>data_request.id</c>).</param>
public sealed record PrivacyRequest(string Topic, string? CustomerId, string? EmailCustomerId, string? RequestId, IReadOnlyList<string> OrderIds);
