using Orleans.Concurrency;

namespace LifecycleActors.Abstractions;

/// <summary>
/// A tenant's population facts and prediction model (key: the tenant id): refitted periodically from the customers
/// projection, never on the event path.
/// </summary>
[Alias("lifecycle.ITenantModelGrain")]
public interface ITenantModelGrain : IGrainWithStringKey
{
    /// <summary>The current model, fitting one first if the tenant has none yet.</summary>
    [Alias("Get")]
    Task<TenantModel> GetAsync();

    /// <summary>Refits now from the customers projection and returns the new model.</summary>
    [Alias("Refit")]
    Task<TenantModel> RefitAsync();

    /// <summary>Starts the periodic refit if it is not running; returns at once.</summary>
    [Alias("EnsureRefitting")]
    [AlwaysInterleave]
    Task EnsureRefittingAsync();
}
