namespace LifecycleActors.Abstractions;

/// <summary>The customer profile: a customer as the API, the read model and the screen show it (contract §6).</summary>
// The alias keeps the type's earlier name: it is the wire name between silos and hosts, so it stays as it is.
[GenerateSerializer, Immutable, Alias("lifecycle.CustomerSnapshot")]
public sealed record CustomerProfile
{
    [Id(0)] public required string CustomerId { get; init; }
    [Id(1)] public required string Stage { get; init; }
    [Id(2)] public bool Vip { get; init; }
    [Id(3)] public bool Advocate { get; init; }
    [Id(4)] public int Orders { get; init; }
    [Id(5)] public decimal NetSpend { get; init; }
    [Id(6)] public decimal Spend365 { get; init; }
    [Id(7)] public decimal? Aov { get; init; }
    [Id(8)] public DateTimeOffset? LastOrderAt { get; init; }
    [Id(9)] public double ExpectedGapDays { get; init; }
    [Id(10)] public DateTimeOffset? NextOrderExpectedAt { get; init; }
    [Id(11)] public DateTimeOffset? LapseAt { get; init; }
    [Id(12)] public int EngagementScore { get; init; }
    [Id(13)] public required string Temperature { get; init; }
    [Id(14)] public int AdvocacyPoints { get; init; }
    [Id(15)] public double? PAlive { get; init; }
    [Id(16)] public double? ExpectedOrders90d { get; init; }
    [Id(17)] public decimal? PredictedClv365 { get; init; }
    [Id(18)] public bool Unsubscribed { get; init; }
    [Id(19)] public DateTimeOffset? UpdatedAt { get; init; }
    [Id(20)] public int EventsApplied { get; init; }
}
