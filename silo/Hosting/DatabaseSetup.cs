using LifecycleActors.Storage.Schema;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Silo.Hosting;

/// <summary>Creates or upgrades the schema before the silo starts.</summary>
public static class DatabaseSetup
{
    public static async Task<IReadOnlyList<Migration>> MigrateSqliteAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // Write-ahead logging: readers do not block the writer, and a commit is one sequential append.
            pragma.CommandText = "PRAGMA journal_mode = WAL";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        return await SchemaMigrator.MigrateAsync(connection, "sqlite", cancellationToken);
    }
}
