using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Erasure;
using LifecycleActors.Storage.Relational;
using Npgsql;

namespace LifecycleActors.Storage.Postgres;

/// <summary>Erasure jobs on PostgreSQL: one database, and the log step takes the append lock (ADR 0009) like an append.</summary>
public sealed class PostgresErasureStore(NpgsqlDataSource dataSource) : RelationalErasureStore
{
    private protected override string Greatest => "greatest";

    private protected override string JsonQuoted(string parameter) => $"to_json(CAST({parameter} AS text))::text";

    private protected override Task<DbConnection> OpenLogAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    private protected override Task<DbConnection> OpenReadModelAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    private protected override Task<DbConnection> OpenGrainsAsync(CancellationToken cancellationToken) => OpenAsync(cancellationToken);

    private protected override async Task<DbTransaction> BeginLogStepAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var serialise = connection.Command("SET LOCAL lock_timeout = '30s'; SELECT pg_advisory_xact_lock(@class, @append);", transaction);
        serialise.Add("@class", PostgresLocks.Class, DbType.Int32);
        serialise.Add("@append", PostgresLocks.EventLogAppend, DbType.Int32);
        await serialise.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    private protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await dataSource.OpenConnectionAsync(cancellationToken);
}
