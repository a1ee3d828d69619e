namespace LifecycleActors.Storage;

/// <summary>
/// Whether storage can take writes, for a backend where reading is no proof of it (SQLite: a full disk, another
/// writer's lock or a file moved away while open still let readers through).
/// </summary>
public interface IStorageWriteProbe
{
    /// <summary>
    /// Returns when the files can be opened anew and, with <paramref name="writeNow"/>, when a write could go ahead now
    /// (asked during an outage, to end it only when writes can); throws what a write would meet otherwise.
    /// </summary>
    Task ProbeAsync(bool writeNow, CancellationToken cancellationToken);
}
