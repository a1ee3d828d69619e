namespace LifecycleActors.Storage.EventLog;

/// <summary>A validated event to append to the log.</summary>
public sealed record NewEvent(
    string EventId,
    string CustomerId,
    string Type,
    DateTimeOffset OccurredAt,
    string? OrderId,
    decimal? Amount,
    int? IntValue,
    string? ReferredCustomerId,
    string DataJson);
