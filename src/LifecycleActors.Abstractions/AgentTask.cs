namespace LifecycleActors.Abstractions;

/// <summary>A task for the agents of a tenant (from a task campaign), as the API and the hub's <c>task</c> message show it.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.AgentTask")]
public sealed record AgentTask(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Id,
    [property: Id(2)] string CampaignId,
    [property: Id(3)] string CustomerId,
    [property: Id(4)] string Title,
    [property: Id(5)] string Reason,
    [property: Id(6)] string Status,
    [property: Id(7)] string? ClaimedBy,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt);
