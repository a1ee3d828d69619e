using System.Data;
using System.Data.Common;
using System.Globalization;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Connectors;

/// <summary>
/// The connector tables over ADO.NET, one SQL text for SQLite and PostgreSQL (typed parameters, UTC ticks for times).
/// This part: the connectors, their webhook counts and last errors; the other part: salts, orders, parked events
/// and privacy requests. Lists (the orders of one webhook) are bound row after row in one transaction.
/// </summary>
public abstract partial class RelationalConnectorStore : IConnectorStore
{
    /// <summary>How many refused webhooks are kept per connector.</summary>
    public const int ErrorsKept = 20;

    private const string ConnectorColumns = "tenant, connector_id, platform, secret, customer_key, created_at, updated_at";

    private readonly DbDataSource _dataSource;
    private readonly TimeProvider _time;

    private protected RelationalConnectorStore(DbDataSource dataSource, TimeProvider? time)
    {
        _dataSource = dataSource;
        _time = time ?? TimeProvider.System;
    }

    public async Task<IReadOnlyList<StoredConnector>> ConnectorsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {ConnectorColumns} FROM connectors WHERE @tenant IS NULL OR tenant = @tenant ORDER BY connector_id
            """);
        command.Add("@tenant", tenant, DbType.String);
        return await command.ReadListAsync(ReadConnector, cancellationToken);
    }

    public async Task<StoredConnector?> ConnectorAsync(string connectorId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {ConnectorColumns} FROM connectors WHERE connector_id = @id");
        command.Add("@id", connectorId, DbType.String);
        return (await command.ReadListAsync(ReadConnector, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> CreateAsync(StoredConnector connector, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"""
            INSERT INTO connectors ({ConnectorColumns})
            VALUES (@tenant, @id, @platform, @secret, @key, @created, @updated) ON CONFLICT DO NOTHING
            """);
        command.Add("@tenant", connector.Tenant, DbType.String);
        command.Add("@id", connector.ConnectorId, DbType.String);
        command.Add("@platform", connector.Platform, DbType.String);
        command.Add("@secret", connector.Secret, DbType.String);
        command.Add("@key", connector.CustomerKey, DbType.String);
        command.Add("@created", connector.CreatedAt.UtcTicks, DbType.Int64);
        command.Add("@updated", connector.UpdatedAt.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string tenant, string connectorId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await DeleteRowsAsync(connection, transaction, "connectors", tenant, connectorId, cancellationToken);
        await DeleteRowsAsync(connection, transaction, "connector_counts", tenant, connectorId, cancellationToken);
        await DeleteRowsAsync(connection, transaction, "connector_errors", tenant, connectorId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted == 1;
    }

    public async Task<bool> SetSecretAsync(string tenant, string connectorId, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("UPDATE connectors SET secret = @secret, updated_at = @now WHERE tenant = @tenant AND connector_id = @id");
        AddConnectorKey(command, tenant, connectorId);
        command.Add("@secret", secret, DbType.String);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// One upsert adds the webhook to the counts (a concurrent webhook's sums are added to, never overwritten); a
    /// refused webhook's error goes in the same transaction, numbered by the received count the upsert returned, and
    /// the connector's errors beyond the newest <see cref="ErrorsKept"/> go. Connectors of configuration have no row in
    /// <c>connectors</c> and are counted all the same; <see cref="DeleteAsync"/> removes a deleted one's counts.
    /// </summary>
    public async Task RecordAsync(ConnectorWebhookOutcome outcome, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = outcome.Error is null ? null : await connection.BeginTransactionAsync(cancellationToken);
        await using var count = connection.Command("""
            INSERT INTO connector_counts (tenant, connector_id, received, accepted, duplicates, ignored, rejected, unauthorized, last_received_at)
            SELECT @tenant, @id, 1, @accepted, @duplicates, @ignored, @rejected, @unauthorized, @at
            WHERE true
            ON CONFLICT (tenant, connector_id) DO UPDATE SET
                received = connector_counts.received + excluded.received,
                accepted = connector_counts.accepted + excluded.accepted,
                duplicates = connector_counts.duplicates + excluded.duplicates,
                ignored = connector_counts.ignored + excluded.ignored,
                rejected = connector_counts.rejected + excluded.rejected,
                unauthorized = connector_counts.unauthorized + excluded.unauthorized,
                last_received_at = CASE WHEN excluded.last_received_at > connector_counts.last_received_at
                    THEN excluded.last_received_at ELSE connector_counts.last_received_at END
            RETURNING received
            """, transaction);
        AddConnectorKey(count, outcome.Tenant, outcome.ConnectorId);
        count.Add("@accepted", (long)outcome.Accepted, DbType.Int64);
        count.Add("@duplicates", (long)outcome.Duplicates, DbType.Int64);
        count.Add("@ignored", outcome.Ignored ? 1L : 0L, DbType.Int64);
        count.Add("@rejected", outcome.Rejected ? 1L : 0L, DbType.Int64);
        count.Add("@unauthorized", outcome.Unauthorized ? 1L : 0L, DbType.Int64);
        count.Add("@at", outcome.At.UtcTicks, DbType.Int64);
        var received = await count.ExecuteScalarAsync(cancellationToken);
        if (transaction is null)
        {
            return;
        }

        await AddErrorAsync(connection, transaction, outcome, Convert.ToInt64(received, CultureInfo.InvariantCulture), cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<ConnectorCounts> CountsAsync(string tenant, string connectorId, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT received, accepted, duplicates, ignored, rejected, unauthorized, last_received_at FROM connector_counts
            WHERE tenant = @tenant AND connector_id = @id
            """);
        AddConnectorKey(command, tenant, connectorId);
        var rows = await command.ReadListAsync(
            r => new ConnectorCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.Ticks(6)),
            cancellationToken);
        return rows.FirstOrDefault() ?? ConnectorCounts.None;
    }

    public async Task<IReadOnlyList<ConnectorError>> LastErrorsAsync(string tenant, string connectorId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT at, topic, status, field, error FROM connector_errors
            WHERE tenant = @tenant AND connector_id = @id ORDER BY at DESC, seq DESC LIMIT @limit
            """);
        AddConnectorKey(command, tenant, connectorId);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(r => new ConnectorError(r.Ticks(0), r.GetString(1), r.GetInt32(2), r.NullableString(3), r.GetString(4)), cancellationToken);
    }

    private static async Task AddErrorAsync(
        DbConnection connection, DbTransaction transaction, ConnectorWebhookOutcome outcome, long seq, CancellationToken cancellationToken)
    {
        var error = outcome.Error!;
        await using (var insert = connection.Command("""
            INSERT INTO connector_errors (tenant, connector_id, at, seq, topic, status, field, error)
            VALUES (@tenant, @id, @at, @seq, @topic, @status, @field, @error)
            """, transaction))
        {
            AddConnectorKey(insert, outcome.Tenant, outcome.ConnectorId);
            insert.Add("@at", error.At.UtcTicks, DbType.Int64);
            insert.Add("@seq", seq, DbType.Int64);
            insert.Add("@topic", error.Topic, DbType.String);
            insert.Add("@status", error.Status, DbType.Int32);
            insert.Add("@field", error.Field, DbType.String);
            insert.Add("@error", error.Error, DbType.String);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var trim = connection.Command("""
            DELETE FROM connector_errors WHERE tenant = @tenant AND connector_id = @id AND seq NOT IN (
                SELECT seq FROM connector_errors WHERE tenant = @tenant AND connector_id = @id ORDER BY at DESC, seq DESC LIMIT @kept)
            """, transaction);
        AddConnectorKey(trim, outcome.Tenant, outcome.ConnectorId);
        trim.Add("@kept", ErrorsKept, DbType.Int32);
        await trim.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes a connector's rows of one table; <paramref name="table"/> is always one of this class's constants.</summary>
    private static async Task<int> DeleteRowsAsync(
        DbConnection connection, DbTransaction transaction, string table, string tenant, string connectorId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"DELETE FROM {table} WHERE tenant = @tenant AND connector_id = @id", transaction);
        AddConnectorKey(command, tenant, connectorId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddConnectorKey(DbCommand command, string tenant, string connectorId)
    {
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@id", connectorId, DbType.String);
    }

    private static StoredConnector ReadConnector(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Ticks(5), r.Ticks(6));
}
