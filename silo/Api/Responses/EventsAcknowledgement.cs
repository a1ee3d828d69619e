using LifecycleActors.Ingestion;

namespace LifecycleActors.Silo.Api;

/// <summary>The 202 of <c>POST /api/v1/events</c>: how many events were taken, how many were already known, and what was rejected.</summary>
public sealed record EventsAcknowledgement(int Accepted, int Duplicates, IReadOnlyList<EventRejection> Rejected);

/// <summary>
/// A <see cref="RejectedEvent"/> on the wire: <c>{"index","id","error"}</c> in that order (the record itself would be
/// written with <c>index</c>, a property of its base record, last).
/// </summary>
public sealed record EventRejection(int Index, string? Id, string Error)
{
    public static EventRejection Of(RejectedEvent rejected) => new(rejected.Index, rejected.Id, rejected.Error);
}
