namespace LifecycleActors.Abstractions;

/// <summary>An accepted event as it stands in the event log, with its log position.</summary>
/// <param name="SentAs">
/// The anonymous visitor id the event was sent under when the log routed it to the customer that id is linked to
/// (always set on an <c>identify</c>: the id it links); null otherwise.
/// </param>
[GenerateSerializer, Immutable, Alias("lifecycle.LoggedEvent")]
public sealed record LoggedEvent(
    [property: Id(0)] long Position,
    [property: Id(1)] string EventId,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] string Type,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] string? OrderId,
    [property: Id(6)] decimal Amount,
    [property: Id(7)] int? Rating,
    [property: Id(8)] int? Score,
    [property: Id(9)] string? ReferredCustomerId,
    [property: Id(10)] string? SentAs = null);
