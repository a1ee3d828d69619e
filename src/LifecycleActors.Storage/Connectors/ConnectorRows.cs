namespace LifecycleActors.Storage.Connectors;

/// <summary>A connector created through the admin API. The secret is kept as given: it keys the platform's HMAC.</summary>
/// <param name="Platform">The platform's wire name (<c>shopify</c>, <c>shopware</c>, <c>woocommerce</c>).</param>
/// <param name="CustomerKey">The customer key mode's wire name (<c>platform-id</c>, <c>email-hash</c>).</param>
public sealed record StoredConnector(
    string Tenant, string ConnectorId, string Platform, string Secret, string CustomerKey, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>What became of the webhooks to one connector since it was created.</summary>
/// <param name="Received">Every webhook that reached a known connector, whatever its outcome.</param>
/// <param name="Accepted">Events accepted (new), summed over webhooks.</param>
/// <param name="Duplicates">Events that were duplicates, summed over webhooks.</param>
/// <param name="Ignored">Webhooks of topics (or payloads) the service does not use.</param>
/// <param name="Rejected">Webhooks answered 422 (payload not mappable).</param>
/// <param name="Unauthorized">Webhooks answered 401 (signature missing, wrong or stale).</param>
public sealed record ConnectorCounts(
    long Received, long Accepted, long Duplicates, long Ignored, long Rejected, long Unauthorized, DateTimeOffset? LastReceivedAt)
{
    public static readonly ConnectorCounts None = new(0, 0, 0, 0, 0, 0, null);
}

/// <summary>One webhook's outcome, added to its connector's counts; a refused one also goes to its last errors.</summary>
public sealed record ConnectorWebhookOutcome(
    string Tenant, string ConnectorId, DateTimeOffset At, int Accepted, int Duplicates, bool Ignored, bool Rejected, bool Unauthorized)
{
    /// <summary>Set for a refused webhook (401 or 422): what the caller was told.</summary>
    public ConnectorError? Error { get; init; }
}

/// <summary>A refused webhook as an admin sees it: when, which topic, the answer, and the field at fault. No payload data.</summary>
public sealed record ConnectorError(DateTimeOffset At, string Topic, int Status, string? Field, string Error);

/// <summary>
/// An event that names an order but not its customer (a Shopify refund), waiting for the order's own webhook.
/// <paramref name="EventJson"/> is the event in contract §2 form without its customer id.
/// </summary>
public sealed record ParkedEvent(string Tenant, string Platform, string OrderId, string EventId, string EventJson, DateTimeOffset ParkedAt);

/// <summary>A platform's privacy request as recorded: ids and hashes only.</summary>
public sealed record PrivacyRequestRow(
    string Tenant, string ConnectorId, string Topic, string? CustomerId, string? EmailCustomerId, string? RequestId, string OrderIdsJson, DateTimeOffset ReceivedAt);
