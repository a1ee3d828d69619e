using System.Text.Json.Nodes;

namespace LifecycleActors.Silo.Api;

/// <summary>An event of a batch (contract §2); each is checked on its own, and a bad one is rejected by its index.</summary>
// Describes the request in the OpenAPI document; the batch itself is read by EventBatchParser.
public sealed class StorefrontEvent
{
    /// <summary>The storefront's id of the event, 1..128 characters; an id seen before is a duplicate.</summary>
    public required string Id { get; init; }

    /// <summary>1..128 printable characters.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The event type, such as <c>order_placed</c>, <c>visit</c> or <c>unsubscribed</c>.</summary>
    public required string Type { get; init; }

    /// <summary>When it happened (ISO 8601 with an offset), not ahead of the service's clock.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The type's own fields (for an order: <c>orderId</c>, <c>amount</c>).</summary>
    public JsonObject? Data { get; init; }
}
