using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage;

/// <summary>On SQLite the event log is a file of its own: queries that join it attach it as <c>log</c>.</summary>
public static class SqliteLogAttachment
{
    public const string LogTable = "log.event_log";

    public const string LinksTable = "log.identity_links";

    /// <summary>An unpooled connection to <paramref name="connectionString"/> with the log attached (the attachment must not outlive it).</summary>
    public static async Task<DbConnection> OpenAsync(string connectionString, string logConnectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var attach = connection.CreateCommand();
        attach.CommandText = "ATTACH DATABASE @path AS log";
        attach.Parameters.AddWithValue("@path", SqliteFiles.PathOf(logConnectionString));
        await attach.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
