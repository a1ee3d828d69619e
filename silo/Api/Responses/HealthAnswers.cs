namespace LifecycleActors.Silo.Api;

/// <summary>A health answer that is only a status: <c>live</c>, or why the host is not ready.</summary>
public sealed record HealthAnswer(string Status);

/// <summary>The ready answer: the event log's head and how many campaigns this host knows.</summary>
public sealed record ReadyAnswer(string Status, long LogPosition, int Campaigns);
