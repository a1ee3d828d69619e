namespace LifecycleActors.Ingestion;

/// <summary>An element of a batch that failed validation.</summary>
/// <param name="Id">The event's id when it was itself valid, so that the sender can correlate; otherwise null.</param>
/// <param name="Error">What is wrong, starting with the JSON path of the field concerned (e.g. <c>data.amount: …</c>).</param>
public sealed record RejectedEvent(int Index, string? Id, string Error) : BatchElement(Index);
