using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage.Erasure;

/// <summary>
/// Erasure jobs on SQLite's three files. Each step commits in one file at a time (WAL mode makes no transaction atomic
/// across files), which is why every step is safe to repeat and the job is done only when no file holds the customer.
/// SQLite's single write lock orders the log step with the appends.
/// </summary>
public sealed class SqliteErasureStore(SqliteFiles files) : RelationalErasureStore
{
    private protected override string Greatest => "max";

    private protected override string JsonQuoted(string parameter) => $"json_quote({parameter})";

    private protected override Task<DbConnection> OpenLogAsync(CancellationToken cancellationToken) => OpenAsync(files.Log, cancellationToken);

    private protected override Task<DbConnection> OpenReadModelAsync(CancellationToken cancellationToken) => OpenAsync(files.ReadModel, cancellationToken);

    private protected override Task<DbConnection> OpenGrainsAsync(CancellationToken cancellationToken) => OpenAsync(files.Grains, cancellationToken);

    private protected override Task<DbTransaction> BeginLogStepAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    private protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    private static async Task<DbConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteDataSource(connectionString).CreateConnection();
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
