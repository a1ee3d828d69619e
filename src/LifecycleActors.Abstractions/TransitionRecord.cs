using System.Text.Json.Serialization;

namespace LifecycleActors.Abstractions;

/// <summary>
/// A transition as published (contract §4). <see cref="ReasonCode"/> and <see cref="ReasonArgs"/> (a compact JSON
/// object, written into documents as an object) are null on transitions stored before reason codes existed.
/// </summary>
[GenerateSerializer, Immutable, Alias("lifecycle.TransitionRecord")]
public sealed record TransitionRecord(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] string Kind,
    [property: Id(3)] string From,
    [property: Id(4)] string To,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] DateTimeOffset DetectedAt,
    [property: Id(7)] long Sequence,
    [property: Id(8)] string Reason,
    [property: Id(9)] string? ReasonCode = null,
    [property: Id(10), JsonConverter(typeof(RawJsonObject))] string? ReasonArgs = null);
