namespace LifecycleActors.Grains.Population;

/// <summary>How often tenants' population facts and prediction model are refitted (<c>Lifecycle:Model</c>).</summary>
public sealed class ModelOptions
{
    /// <summary>Time between refits of a tenant's facts and model.</summary>
    public TimeSpan RefitInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a new model takes to reach every silo's cache; customers it affects are woken after that.</summary>
    public TimeSpan Propagation { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The prediction model is fitted once this many customers have an order (contract §3).</summary>
    public int MinPredictionCustomers { get; set; } = 200;

    /// <summary>The first problem as a "Key: reason" text, or null when the options are valid.</summary>
    public string? Validate() =>
        RefitInterval < TimeSpan.FromSeconds(1) ? "RefitInterval: must be at least 00:00:01"
        : Propagation < TimeSpan.Zero ? "Propagation: must not be negative"
        : MinPredictionCustomers < 2 ? "MinPredictionCustomers: must be >= 2"
        : null;
}
