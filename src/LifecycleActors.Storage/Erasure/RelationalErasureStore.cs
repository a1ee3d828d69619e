using System.Data;
using System.Data.Common;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Erasure;

/// <summary>
/// Erasure jobs over ADO.NET (ADR 0016), the same SQL on both engines. The log, the read model and the grain
/// snapshots are three databases on SQLite and one on PostgreSQL; the engines say how each is opened, how the log step
/// takes the append lock, and the few functions whose names differ.
/// </summary>
public abstract partial class RelationalErasureStore : IErasureStore
{
    private const string Columns =
        "erasure_id, tenant, customer_id, working_set, requested_by, requested_at, erased_before, status, sealed, counts, finished_at";

    /// <summary>The log database (erasures and tombstones live there).</summary>
    private protected abstract Task<DbConnection> OpenLogAsync(CancellationToken cancellationToken);

    private protected abstract Task<DbConnection> OpenReadModelAsync(CancellationToken cancellationToken);

    private protected abstract Task<DbConnection> OpenGrainsAsync(CancellationToken cancellationToken);

    /// <summary>A write transaction on the log that holds the append lock, so appends see the step wholly or not at all.</summary>
    private protected abstract Task<DbTransaction> BeginLogStepAsync(DbConnection connection, CancellationToken cancellationToken);

    private protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>The larger of two values (<c>greatest</c> or <c>max</c>).</summary>
    private protected abstract string Greatest { get; }

    /// <summary>A text parameter as a JSON string literal, as it appears in a stored event's data.</summary>
    private protected abstract string JsonQuoted(string parameter);

    public Task<ErasureRecord> RequestAsync(string tenant, string customerId, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken) =>
        RequestAsync(tenant, customerId, requestedBy, now, now, cancellationToken);

    /// <summary>Records a pending erasure of the past before <paramref name="erasedBefore"/> (now, unless an old erasure is applied again).</summary>
    private async Task<ErasureRecord> RequestAsync(
        string tenant, string customerId, string requestedBy, DateTimeOffset now, DateTimeOffset erasedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenLogAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using (var find = connection.Command($"SELECT {Columns} FROM erasures WHERE tenant = @tenant AND customer_id = @customer AND status = @pending", transaction))
        {
            find.Add("@tenant", tenant, DbType.String);
            find.Add("@customer", customerId, DbType.String);
            find.Add("@pending", ErasureRecord.Pending, DbType.String);
            if ((await find.ReadListAsync(Read, cancellationToken)).FirstOrDefault() is { } pending)
            {
                return pending;
            }
        }

        var erasure = new ErasureRecord(
            "er_" + Guid.NewGuid().ToString("N"), tenant, customerId, requestedBy, now, erasedBefore, ErasureRecord.Pending, false, new Dictionary<string, long>(), null);
        await using (var insert = connection.Command(
            """
            INSERT INTO erasures (erasure_id, tenant, customer_id, requested_by, requested_at, erased_before, status, sealed, counts)
            VALUES (@id, @tenant, @customer, @by, @at, @before, @pending, @sealed, '{}')
            """,
            transaction))
        {
            insert.Add("@id", erasure.ErasureId, DbType.String);
            insert.Add("@tenant", tenant, DbType.String);
            insert.Add("@customer", customerId, DbType.String);
            insert.Add("@by", requestedBy, DbType.String);
            insert.Add("@at", now.UtcTicks, DbType.Int64);
            insert.Add("@before", erasedBefore.UtcTicks, DbType.Int64);
            insert.Add("@pending", ErasureRecord.Pending, DbType.String);
            insert.Add("@sealed", false, DbType.Boolean);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return erasure;
    }

    public async Task<ErasureRecord?> FindAsync(string tenant, string erasureId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenLogAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM erasures WHERE tenant = @tenant AND erasure_id = @id");
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@id", erasureId, DbType.String);
        return (await command.ReadListAsync(Read, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ErasureRecord>> ListAsync(string tenant, string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenLogAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM erasures WHERE tenant = @tenant AND (@status IS NULL OR status = @status) ORDER BY requested_at DESC, erasure_id LIMIT @limit");
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@status", status, DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(Read, cancellationToken);
    }

    public async Task<IReadOnlyList<ErasureRecord>> ClaimPendingAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenLogAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await using var claim = connection.Command(
            $"""
            UPDATE erasures SET claimed_until = @until
            WHERE erasure_id IN (
                SELECT erasure_id FROM erasures
                WHERE status = @pending AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY requested_at LIMIT @limit)
              AND (claimed_until IS NULL OR claimed_until < @now)
            RETURNING {Columns}
            """,
            transaction);
        claim.Add("@until", (now + lease).UtcTicks, DbType.Int64);
        claim.Add("@now", now.UtcTicks, DbType.Int64);
        claim.Add("@pending", ErasureRecord.Pending, DbType.String);
        claim.Add("@limit", limit, DbType.Int32);
        var claimed = await claim.ReadListAsync(Read, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task FinishAsync(ErasureRecord erasure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenLogAsync(cancellationToken);
        await using var command = connection.Command(
            """
            UPDATE erasures SET status = @done, customer_id = NULL, working_set = NULL, claimed_until = NULL, finished_at = @now
            WHERE erasure_id = @id
            """);
        command.Add("@done", ErasureRecord.Done, DbType.String);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        command.Add("@id", erasure.ErasureId, DbType.String);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds <paramref name="counts"/> to the erasure's stored counts.</summary>
    private static async Task AddCountsAsync(DbConnection connection, DbTransaction transaction, string erasureId, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT counts FROM erasures WHERE erasure_id = @id", transaction);
        read.Add("@id", erasureId, DbType.String);
        var stored = (await read.ReadListAsync(r => r.GetString(0), cancellationToken)).FirstOrDefault() ?? "{}";
        var merged = JsonSerializer.Deserialize<Dictionary<string, long>>(stored) ?? [];
        foreach (var (store, count) in counts)
        {
            merged[store] = merged.GetValueOrDefault(store) + count;
        }

        await using var write = connection.Command("UPDATE erasures SET counts = @counts WHERE erasure_id = @id", transaction);
        write.Add("@counts", JsonSerializer.Serialize(merged), DbType.String);
        write.Add("@id", erasureId, DbType.String);
        await write.ExecuteNonQueryAsync(cancellationToken);
    }

    private static ErasureRecord Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.NullableString(2),
        r.GetString(4),
        r.Ticks(5),
        r.Ticks(6),
        r.GetString(7),
        r.GetBoolean(8),
        JsonSerializer.Deserialize<Dictionary<string, long>>(r.GetString(9)) ?? [],
        r.IsDBNull(10) ? null : r.Ticks(10))
    {
        Working = r.IsDBNull(3) ? ErasureWorkingSet.Empty : JsonSerializer.Deserialize<ErasureWorkingSet>(r.GetString(3)) ?? ErasureWorkingSet.Empty,
    };

    /// <summary>The customer and the anonymous ids linked to it: every id the erasure removes.</summary>
    private static List<string> IdsOf(ErasureRecord erasure) =>
        erasure.CustomerId is null ? throw new InvalidOperationException($"erasure {erasure.ErasureId} is done and holds no customer id") : [.. erasure.Ids];

    private static string GrainKey(string tenant, string id) => CustomerKey.Of(tenant, id);

    /// <summary>Runs a statement for the ids (<c>{ids}</c> in <paramref name="sql"/>) and the tenant, if any; the rows it touched.</summary>
    private static async Task<long> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, string? tenant, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("", transaction);
        command.CommandText = sql.Replace("{ids}", command.AddList(ids, "@i"), StringComparison.Ordinal);
        if (tenant is not null)
        {
            command.Add("@tenant", tenant, DbType.String);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task MarkKpisAsync(DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        await KpiPendingMarks.MarkAsync(connection, transaction, ids.Select(id => (tenant, id)), cancellationToken);
}
