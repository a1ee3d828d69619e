using LifecycleActors.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage;

/// <summary>Creates or upgrades the three SQLite databases of a node before the silo starts.</summary>
public static class SqliteDatabase
{
    /// <summary>Migrates the event log, read model and grain databases; returns the migrations applied now.</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(SqliteFiles files, CancellationToken cancellationToken = default)
    {
        var applied = new List<Migration>();
        foreach (var (connectionString, database) in new[] { (files.Log, "log"), (files.ReadModel, "readmodel"), (files.Grains, "grains") })
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var pragma = connection.CreateCommand())
            {
                // Write-ahead logging: readers do not block the writer, and a commit is one sequential append.
                pragma.CommandText = "PRAGMA journal_mode = WAL";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            applied.AddRange(await SchemaMigrator.MigrateAsync(connection, $"sqlite/{database}", cancellationToken));
        }

        return applied;
    }
}
