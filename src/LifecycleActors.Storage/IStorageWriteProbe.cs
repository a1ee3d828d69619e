namespace LifecycleActors.Storage;

/// <summary>
/// Whether storage can take a write now, for a backend where reading is no proof of it (SQLite: a full disk or a held
/// write lock still lets readers through). Asked only while an outage is under way.
/// </summary>
public interface IStorageWriteProbe
{
    /// <summary>Returns when a write could go ahead; throws what a write would meet otherwise.</summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}
