using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>Read model queries on SQLite; the event log is another file, attached for the recovery pass's query.</summary>
public sealed class SqliteReadModel(string connectionString, string logConnectionString)
    : RelationalReadModel(new SqliteDataSource(connectionString, synchronous: null))
{
    private protected override string LogTable => SqliteLogAttachment.LogTable;

    private protected override string LinksTable => SqliteLogAttachment.LinksTable;

    private protected override string LockRow => "";

    private protected override string ClaimRows => "";

    private protected override string ViewText(string property) => $"json_extract(c.view, '$.{property}')";

    private protected override string ViewNumber(string property) => $"json_extract(c.view, '$.{property}')";

    private protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    private protected override async Task<(DbConnection Connection, DbTransaction Transaction)> BeginLogWriteAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteDataSource(logConnectionString).CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return (connection, ((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    private protected override Task<DbConnection> OpenWithLogAsync(CancellationToken cancellationToken) =>
        SqliteLogAttachment.OpenAsync(connectionString, logConnectionString, cancellationToken);
}
