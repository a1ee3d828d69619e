namespace LifecycleActors.Abstractions;

/// <summary>What customers reported on one silo within a few milliseconds, passed to the live screens on other hosts.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.LiveBatch")]
public sealed record LiveBatch(
    [property: Id(0)] IReadOnlyList<TransitionRecord> Transitions,
    [property: Id(1)] IReadOnlyList<LiveCustomerChange> Customers,
    [property: Id(2)] IReadOnlyList<AgentTask> Tasks);

/// <summary>A customer's new state, for the agents watching it.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.LiveCustomerChange")]
public sealed record LiveCustomerChange([property: Id(0)] string Tenant, [property: Id(1)] CustomerProfile Customer);
