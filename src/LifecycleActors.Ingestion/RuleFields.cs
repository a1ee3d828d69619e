namespace LifecycleActors.Ingestion;

/// <summary>The <c>data</c> fields the rules read, once validated.</summary>
internal readonly record struct RuleFields(
    string? OrderId = null,
    decimal Amount = 0m,
    int? Rating = null,
    int? Score = null,
    string? ReferredCustomerId = null,
    string? LinkedCustomerId = null);
