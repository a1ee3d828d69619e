namespace LifecycleActors.Storage.Snapshots;

/// <summary>
/// The <c>grain_state</c> table read and written many rows at a time: the customer snapshots, in the same rows and
/// format as Orleans' ADO.NET provider keeps them (key columns 0, 0 and the grain's string key; the version is the
/// etag), so a database written by either is read by the other.
/// </summary>
public interface IGrainStateTable
{
    /// <summary>The rows of <paramref name="keys"/>, in key order; null where there is none.</summary>
    Task<IReadOnlyList<StoredGrainState?>> ReadAsync(string stateName, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Writes each row whose version is still the one expected (a row that should not exist yet is inserted), all in
    /// one transaction; returns each row's new version, or null where the expected version no longer matched.
    /// </summary>
    Task<IReadOnlyList<int?>> WriteAsync(string stateName, IReadOnlyList<GrainStateWrite> writes, CancellationToken cancellationToken);

    /// <summary>Empties a row whose version is still the one expected; its new version, or null if it did not match.</summary>
    Task<int?> ClearAsync(string stateName, string key, int expectedVersion, CancellationToken cancellationToken);
}

/// <summary>A stored row: its payload (null once cleared) and its version.</summary>
public sealed record StoredGrainState(byte[]? Payload, int Version);

/// <summary>A row to write: the version read before (null: none was read, so it must not exist yet).</summary>
public sealed record GrainStateWrite(string Key, byte[] Payload, int? ExpectedVersion);
