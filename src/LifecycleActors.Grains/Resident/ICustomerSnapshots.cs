namespace LifecycleActors.Grains;

/// <summary>The customers' stored snapshots, read and written by key with the version that guards each write.</summary>
public interface ICustomerSnapshots
{
    /// <summary>The stored snapshot of a customer (a new state when it has none) and its version (null when none).</summary>
    Task<(CustomerGrainState State, string? Version)> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Replaces the snapshot stored at <paramref name="version"/>; returns the new version. Throws when the stored one moved on.</summary>
    Task<string?> WriteAsync(string key, CustomerGrainState state, string? version, CancellationToken cancellationToken);
}
