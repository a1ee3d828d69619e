namespace LifecycleActors.Silo.Api;

/// <summary>A campaign entry that failed for good or was dead-lettered, as <c>GET …/dead-letters</c> lists it.</summary>
public sealed record DeadLetter(string CustomerId, long Sequence, string Status, int Attempts, string? LastError, string? Reason, DateTimeOffset EnteredAt);
