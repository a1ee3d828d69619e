namespace LifecycleActors.Storage.EventLog;

/// <summary>A validated event to append to the log.</summary>
/// <param name="Anonymous">
/// <see cref="CustomerId"/> is an anonymous visitor id (contract §2, Identity): once linked, its events are logged under
/// the customer it is linked to.
/// </param>
/// <param name="LinkTo"><c>identify</c>: the known customer the anonymous <see cref="CustomerId"/> is to be linked to.</param>
/// <param name="SentAs">Set by the log when it routes the event: the anonymous id it was sent under.</param>
public sealed record NewEvent(
    string EventId,
    string CustomerId,
    string Type,
    DateTimeOffset OccurredAt,
    string? OrderId,
    decimal? Amount,
    int? IntValue,
    string? ReferredCustomerId,
    string DataJson,
    bool Anonymous = false,
    string? LinkTo = null,
    string? SentAs = null);
