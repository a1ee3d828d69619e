using LifecycleActors.Ingestion;
using LifecycleActors.Storage.EventLog;

namespace LifecycleActors.Silo.Api;

/// <summary>
/// The 202 of <c>POST /api/v1/events</c>: how many events were taken, how many were already known, how many were
/// dropped as an erased customer's past (ADR 0016), and what was rejected.
/// </summary>
public sealed record EventsAcknowledgement(int Accepted, int Duplicates, int Erased, IReadOnlyList<EventRejection> Rejected)
{
    /// <summary>
    /// The answer to a batch: the events validation rejected and those the log refused (a second, different link of an
    /// anonymous id), in batch order.
    /// </summary>
    public static EventsAcknowledgement Of(BatchParseResult batch, AppendResult result)
    {
        var rejected = batch.Rejected.Select(EventRejection.Of).ToList();
        foreach (var refused in result.Refused)
        {
            var index = batch.Events.First(e => string.Equals(e.Id, refused.EventId, StringComparison.Ordinal)).Index;
            rejected.Add(new EventRejection(index, refused.EventId, refused.Error));
        }

        return new EventsAcknowledgement(result.Accepted.Count, result.Duplicates, result.Erased, [.. rejected.OrderBy(r => r.Index)]);
    }
}

/// <summary>
/// A <see cref="RejectedEvent"/> on the wire: <c>{"index","id","error"}</c> in that order (the record itself would be
/// written with <c>index</c>, a property of its base record, last).
/// </summary>
public sealed record EventRejection(int Index, string? Id, string Error)
{
    public static EventRejection Of(RejectedEvent rejected) => new(rejected.Index, rejected.Id, rejected.Error);
}
