namespace LifecycleActors.Abstractions;

/// <summary>The events of one customer in one ingest message.</summary>
/// <param name="TraceParent">
/// The W3C <c>traceparent</c> of the span that published the message, when traced: the consumer's span continues
/// that trace (memory streams carry no trace context of their own). Null when nobody records traces.
/// </param>
[GenerateSerializer, Immutable, Alias("lifecycle.CustomerEvents")]
public sealed record CustomerEvents(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] IReadOnlyList<LoggedEvent> Events,
    [property: Id(2)] string? TraceParent = null);
