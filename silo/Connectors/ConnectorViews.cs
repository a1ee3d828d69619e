using LifecycleActors.Connectors;
using LifecycleActors.Storage.Connectors;

namespace LifecycleActors.Silo.Connectors;

/// <summary>A connector as the admin API shows it: never its secret.</summary>
/// <param name="Source"><c>configuration</c> (read-only here) or <c>api</c>.</param>
/// <param name="WebhookPath">Where the platform sends its webhooks, on this service's public address.</param>
/// <param name="Webhooks">Counts since creation (only when one connector is asked for).</param>
/// <param name="LastErrors">The newest refused webhooks (only when one connector is asked for).</param>
public sealed record ConnectorView(
    string Id, string Platform, string CustomerKey, string Source, string WebhookPath, DateTimeOffset? CreatedAt,
    WebhookCounts? Webhooks, IReadOnlyList<WebhookError>? LastErrors)
{
    public static ConnectorView Of(Connector connector, ConnectorCounts? counts = null, IReadOnlyList<ConnectorError>? errors = null) => new(
        connector.Id,
        connector.Platform.Name(),
        connector.CustomerKey.Name(),
        connector.FromConfiguration ? "configuration" : "api",
        WebhooksEndpoint.PathOf(connector.Id),
        connector.CreatedAt,
        counts is null ? null : new WebhookCounts(counts.Received, counts.Accepted, counts.Duplicates, counts.Ignored, counts.Rejected, counts.Unauthorized, counts.LastReceivedAt),
        errors?.Select(e => new WebhookError(e.At, e.Topic, e.Status, e.Field, e.Error)).ToList());
}

/// <param name="Received">Webhooks that reached the connector, whatever became of them.</param>
/// <param name="Accepted">Events new to the log.</param>
/// <param name="Duplicates">Events the log already had (the platform's retries, the second topic of one order).</param>
/// <param name="Ignored">Webhooks of topics the service does not use.</param>
/// <param name="Rejected">Webhooks answered 422.</param>
/// <param name="Unauthorized">Webhooks answered 401.</param>
public sealed record WebhookCounts(long Received, long Accepted, long Duplicates, long Ignored, long Rejected, long Unauthorized, DateTimeOffset? LastReceivedAt);

/// <summary>A refused webhook: when, its topic, the status it got, the field at fault and the message.</summary>
public sealed record WebhookError(DateTimeOffset At, string Topic, int Status, string? Field, string Error);

/// <summary>The body of <c>POST /api/v1/connectors</c>; <c>customerKey</c> defaults to <c>platform-id</c>.</summary>
public sealed record ConnectorRequest(string Id, string Platform, string Secret, string? CustomerKey);

/// <summary>The body of <c>POST /api/v1/connectors/{connectorId}/secret</c>.</summary>
public sealed record SecretRequest(string Secret);

/// <summary>The answer to a webhook the service took: what it did with it.</summary>
/// <param name="Outcome"><c>ingested</c>, <c>ignored</c>, <c>privacy</c> or <c>ping</c>.</param>
/// <param name="Parked">Refunds kept until their order arrives.</param>
public sealed record WebhookAnswer(string Outcome, string Topic, int Accepted, int Duplicates, int Parked, string? Reason);

/// <summary>A recorded privacy request of a platform (ids and hashes only).</summary>
public sealed record PrivacyRequestView(
    string ConnectorId, string Topic, string? CustomerId, string? EmailCustomerId, string? RequestId, IReadOnlyList<string> OrderIds, DateTimeOffset ReceivedAt);
