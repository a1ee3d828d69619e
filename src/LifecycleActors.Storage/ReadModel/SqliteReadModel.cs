using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>Read model queries on SQLite; the event log is another file, attached for the catch-up query.</summary>
public sealed class SqliteReadModel(string connectionString, string logConnectionString)
    : RelationalReadModel(new SqliteDataSource(connectionString, synchronous: null))
{
    private protected override string LogTable => "log.event_log";

    private protected override async Task<DbConnection> OpenWithLogAsync(CancellationToken cancellationToken)
    {
        // Its own unpooled connection: the attachment must not outlive this query.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var attach = connection.CreateCommand();
        attach.CommandText = "ATTACH DATABASE @path AS log";
        attach.Parameters.AddWithValue("@path", SqliteFiles.PathOf(logConnectionString));
        await attach.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
