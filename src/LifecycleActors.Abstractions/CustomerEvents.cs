namespace LifecycleActors.Abstractions;

/// <summary>The events of one customer in one ingest message.</summary>
[GenerateSerializer, Immutable, Alias("lifecycle.CustomerEvents")]
public sealed record CustomerEvents(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] IReadOnlyList<LoggedEvent> Events);
