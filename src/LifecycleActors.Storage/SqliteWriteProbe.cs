using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage;

/// <summary>
/// Checks each of the node's three SQLite files the way a writer meets it, without writing: opens the file anew
/// (not from the pool, so a file that was moved away or made unreadable is seen) and, when asked whether a write could
/// go ahead now, takes and gives back the write lock (<c>BEGIN IMMEDIATE</c>, waiting at most <see cref="LockWait"/>)
/// and requires <see cref="MinimumFreeBytes"/> free on the file's filesystem: a full disk refuses writes but not this
/// probe's empty transaction, and a few freed bytes would only fill up again at the next commit. Outside an outage
/// only the opening is checked, so that a long commit under load is never taken for a locked database. Throws the
/// <see cref="SqliteException"/> a write would meet.
/// </summary>
public sealed class SqliteWriteProbe(SqliteFiles files) : IStorageWriteProbe
{
    public const long MinimumFreeBytes = 1024 * 1024;
    public const int LockWaitSeconds = 1;

    private const int SqliteFull = 13;

    public static readonly TimeSpan LockWait = TimeSpan.FromSeconds(LockWaitSeconds);

    public async Task ProbeAsync(bool writeNow, CancellationToken cancellationToken)
    {
        foreach (var database in new[] { files.Log, files.ReadModel, files.Grains })
        {
            await ProbeAsync(database, writeNow, cancellationToken);
        }
    }

    private static async Task ProbeAsync(string connectionString, bool writeNow, CancellationToken cancellationToken)
    {
        var fresh = new SqliteConnectionStringBuilder(connectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = LockWaitSeconds };
        await using var connection = new SqliteConnection(fresh.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "PRAGMA schema_version";
            await read.ExecuteScalarAsync(cancellationToken);
        }

        if (!writeNow)
        {
            return;
        }

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            transaction.Rollback();
        }

        if (SqliteFiles.FileOf(connectionString) is not { } file)
        {
            return;
        }

        var free = new DriveInfo(Path.GetDirectoryName(file) ?? file).AvailableFreeSpace;
        if (free < MinimumFreeBytes)
        {
            throw new SqliteException($"disk full: {free} bytes free where the database is, at least {MinimumFreeBytes} needed", SqliteFull);
        }
    }
}
