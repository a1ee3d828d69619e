namespace LifecycleActors.Abstractions;

/// <summary>What customers reported on one silo within a few milliseconds, passed to the live screens on other hosts.</summary>
/// <param name="TraceParents">
/// The W3C <c>traceparent</c>s of the traced transitions' spans (distinct), for the receiving host's push to link to;
/// null when none was traced (and from hosts of an earlier version).
/// </param>
[GenerateSerializer, Immutable, Alias("lifecycle.LiveBatch")]
public sealed record LiveBatch(
    [property: Id(0)] IReadOnlyList<TransitionRecord> Transitions,
    [property: Id(1)] IReadOnlyList<LiveCustomerChange> Customers,
    [property: Id(2)] IReadOnlyList<AgentTask> Tasks,
    [property: Id(3)] IReadOnlyList<string>? TraceParents = null,
    [property: Id(4)] IReadOnlyList<LiveErasure>? Erasures = null);

/// <summary>A customer that was erased, for the screens of its tenant to drop.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.LiveErasure")]
public sealed record LiveErasure([property: Id(0)] string Tenant, [property: Id(1)] string CustomerId);

/// <summary>A customer's new state, for the agents watching it.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.LiveCustomerChange")]
public sealed record LiveCustomerChange([property: Id(0)] string Tenant, [property: Id(1)] CustomerProfile Customer);
