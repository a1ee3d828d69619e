using System.Data.Common;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>Read model queries on SQLite; the event log is another file, attached for the recovery pass's query.</summary>
public sealed class SqliteReadModel(string connectionString, string logConnectionString)
    : RelationalReadModel(new SqliteDataSource(connectionString, synchronous: null))
{
    private protected override string LogTable => SqliteLogAttachment.LogTable;

    private protected override Task<DbConnection> OpenWithLogAsync(CancellationToken cancellationToken) =>
        SqliteLogAttachment.OpenAsync(connectionString, logConnectionString, cancellationToken);
}
