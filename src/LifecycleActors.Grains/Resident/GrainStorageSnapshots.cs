using LifecycleActors.Abstractions;
using Orleans.Storage;

namespace LifecycleActors.Grains;

/// <summary>
/// The customers' snapshots through the grain storage a <see cref="CustomerGrain"/> uses: the same rows and JSON,
/// so customers move between the two ways of living (ADR 0019) without a migration.
/// </summary>
public sealed class GrainStorageSnapshots(IGrainStorage storage, IGrainFactory grains) : ICustomerSnapshots
{
    public async Task<(CustomerGrainState State, string? Version)> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var stored = new GrainState<CustomerGrainState>();
        await storage.ReadStateAsync(CustomerGrainState.StateName, GrainIdOf(key), stored);
        return (stored.State ?? new CustomerGrainState(), stored.ETag);
    }

    public async Task<string?> WriteAsync(string key, CustomerGrainState state, string? version, CancellationToken cancellationToken)
    {
        var stored = new GrainState<CustomerGrainState>(state) { ETag = version };
        await storage.WriteStateAsync(CustomerGrainState.StateName, GrainIdOf(key), stored);
        return stored.ETag;
    }

    private GrainId GrainIdOf(string key) => grains.GetGrain<ICustomerGrain>(key).GetGrainId();
}
