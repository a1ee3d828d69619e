using System.Data;
using System.Data.Common;
using System.Diagnostics;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.Kpis;
using LifecycleActors.Storage.Kpis;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>
/// The KPI store (ADR 0014) beside the read model: pending customers noted from the log and the transitions, their
/// cells recomputed from their history, the difference added to the tenant's sums, in one transaction per batch.
/// </summary>
public abstract partial class RelationalReadModel : IKpiStore
{
    /// <summary>The <c>service_state</c> key of the log position up to which every entry's customer has been marked pending.</summary>
    private const string KpiLogMark = "kpi-log";

    private const int KpiLogPage = 5000;

    /// <summary>The logged types the KPIs read only for their time (<see cref="KpiEntryKinds.CountsOnlyItsTime"/>).</summary>
    private static readonly string[] TimeOnlyEntryTypes = [.. EventTypes.AllWireNames.Where(KpiEntryKinds.CountsOnlyItsTime).Order(StringComparer.Ordinal)];
    private const int KpiBatch = 500;

    /// <summary>One pass at a time in this process (passes of other silos are kept apart by row locks).</summary>
    private readonly SemaphoreSlim _kpiPass = new(1, 1);

    /// <summary>What claims pending rows no other transaction holds, where the database has row locks.</summary>
    private protected virtual string ClaimRows => " FOR UPDATE SKIP LOCKED";

    public async Task<int> CatchUpAsync(Func<string, TimeZoneInfo> zoneOf, TimeSpan budget, CancellationToken cancellationToken)
    {
        // A pass already running here (the background one, or another request's) may hold the store for its own
        // budget; this one then does nothing rather than wait past its own.
        var started = Stopwatch.GetTimestamp();
        if (!await _kpiPass.WaitAsync(budget, cancellationToken))
        {
            return 0;
        }

        try
        {
            bool Spent() => Stopwatch.GetElapsedTime(started) > budget;
            await RezoneAsync(zoneOf, cancellationToken);
            while (await NoteLoggedAsync(cancellationToken) && !Spent())
            {
            }

            var recomputed = 0;
            while (!Spent() && await RecomputePendingAsync(zoneOf, cancellationToken) is var done and > 0)
            {
                recomputed += done;
            }

            return recomputed;
        }
        finally
        {
            _kpiPass.Release();
        }
    }

    public async Task<(KpiTotals Totals, long Pending)> ReadTotalsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithLogAsync(cancellationToken);
        await using var read = connection.Command("SELECT day, field, value FROM kpi_totals WHERE tenant = @tenant");
        read.Add("@tenant", tenant, DbType.String);
        var cells = await read.ReadListAsync(r => KeyValuePair.Create(new KpiCell(r.GetInt32(0), r.GetInt32(1)), r.Amount(2)), cancellationToken);

        // The mark as a value, so the planner sees how few log entries lie beyond it.
        var mark = await ReadKpiLogMarkAsync(connection, null, cancellationToken);
        await using var pending = connection.Command($"""
            SELECT (SELECT COUNT(*) FROM kpi_pending WHERE tenant = @tenant)
                 + (SELECT COUNT(*) FROM {LogTable} WHERE position > @mark AND tenant = @tenant)
            """);
        pending.Add("@tenant", tenant, DbType.String);
        pending.Add("@mark", mark, DbType.Int64);
        return (new KpiTotals(cells), await pending.ReadInt64Async(cancellationToken));
    }

    /// <summary>The log position up to which every entry's customer has been marked pending (locked in a transaction, where rows lock).</summary>
    private async Task<long> ReadKpiLogMarkAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var read = connection.Command($"SELECT value FROM service_state WHERE key = '{KpiLogMark}'{(transaction is null ? "" : LockRow)}", transaction);
        return await read.ReadInt64Async(cancellationToken);
    }

    private async Task<long> NewestPositionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var read = connection.Command($"SELECT COALESCE(MAX(position), 0) FROM {LogTable}");
        return await read.ReadInt64Async(cancellationToken);
    }

    /// <summary>Rebuilds the cells of every tenant whose time zone is no longer the one they were computed in.</summary>
    private async Task RezoneAsync(Func<string, TimeZoneInfo> zoneOf, CancellationToken cancellationToken)
    {
        List<string> tenants;
        await using (var connection = await OpenWithLogAsync(cancellationToken))
        await using (var read = connection.Command("SELECT tenant, time_zone FROM kpi_tenants"))
        {
            var zones = await read.ReadListAsync(r => (Tenant: r.GetString(0), Zone: r.GetString(1)), cancellationToken);
            tenants = [.. zones.Where(z => zoneOf(z.Tenant).Id != z.Zone).Select(z => z.Tenant)];
        }

        foreach (var tenant in tenants)
        {
            await using var connection = await OpenWithLogAsync(cancellationToken);
            await using var transaction = await BeginWriteAsync(connection, cancellationToken);
            await KeepsZoneAsync(connection, transaction, tenant, zoneOf(tenant), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Marks the customers of the next page of log entries pending; false once the log is read to its end.</summary>
    private async Task<bool> NoteLoggedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithLogAsync(cancellationToken);

        // Looked at first without a write transaction: an idle pass must not take SQLite's write lock every time. The
        // newest position comes from the primary key's end; a filter on position with LIMIT 1 can lead the planner to
        // scan the whole log for an entry that is not there.
        if (await ReadKpiLogMarkAsync(connection, null, cancellationToken) >= await NewestPositionAsync(connection, cancellationToken))
        {
            return false;
        }

        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var mark = await ReadKpiLogMarkAsync(connection, transaction, cancellationToken);

        // An entry read only for its time (a visit, an email opened) changes its customer's cells only when it is the
        // customer's earliest: one entry of the same id before it (by time, then position) is enough to leave it out.
        // That entry stays in the log unless an erasure removes it, which marks the customer itself, or retention
        // folds it into a summary, which keeps the earliest time of what it folds (ADR 0017). Both are read in one
        // statement, so they are seen together. Only the id's first entry by position
        // is looked at (one index probe): in a shop's traffic it is the earliest; when it is not (a history sent
        // newest first), the customer is marked, as before.
        await using var page = connection.Command(
            $"""
            SELECT e.position, e.tenant, e.customer_id,
                   CASE WHEN e.type IN ({string.Join(", ", TimeOnlyEntryTypes.Select((_, i) => $"@k{i}"))})
                        THEN (SELECT 1 FROM (SELECT w.occurred_at, w.position FROM {LogTable} w
                                             WHERE w.tenant = e.tenant AND w.customer_id = e.customer_id
                                             ORDER BY w.position LIMIT 1) f
                              WHERE f.occurred_at < e.occurred_at OR (f.occurred_at = e.occurred_at AND f.position < e.position))
                   END
            FROM {LogTable} e WHERE e.position > @mark ORDER BY e.position LIMIT @page
            """,
            transaction);
        page.Add("@mark", mark, DbType.Int64);
        page.Add("@page", KpiLogPage, DbType.Int32);
        for (var i = 0; i < TimeOnlyEntryTypes.Length; i++)
        {
            page.Add($"@k{i}", TimeOnlyEntryTypes[i], DbType.String);
        }

        var entries = await page.ReadListAsync(r => (Position: r.GetInt64(0), Tenant: r.GetString(1), Customer: r.GetString(2), HasEarlier: !r.IsDBNull(3)), cancellationToken);
        if (entries.Count == 0)
        {
            return false;
        }

        await KpiPendingMarks.MarkAsync(connection, transaction, entries.Where(e => !e.HasEarlier).Select(e => (e.Tenant, e.Customer)), cancellationToken);
        await using (var move = connection.Command($"UPDATE service_state SET value = @value WHERE key = '{KpiLogMark}'", transaction))
        {
            move.Add("@value", entries[^1].Position, DbType.Int64);
            await move.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return entries.Count == KpiLogPage;
    }

    /// <summary>Recomputes one batch of pending customers; returns how many pending marks it handled (0: none left to claim).</summary>
    private async Task<int> RecomputePendingAsync(Func<string, TimeZoneInfo> zoneOf, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithLogAsync(cancellationToken);
        await using (var any = connection.Command("SELECT COUNT(*) FROM (SELECT 1 FROM kpi_pending ORDER BY tenant, customer_id LIMIT 1) x"))
        {
            if (await any.ReadInt64Async(cancellationToken) == 0)
            {
                return 0;
            }
        }

        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        List<(string Tenant, string Customer, long Mark)> pending;
        await using (var claim = connection.Command($"SELECT tenant, customer_id, mark FROM kpi_pending ORDER BY tenant, customer_id LIMIT @batch{ClaimRows}", transaction))
        {
            claim.Add("@batch", KpiBatch, DbType.Int32);
            pending = await claim.ReadListAsync(r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken);
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        foreach (var group in pending.GroupBy(p => p.Tenant, StringComparer.Ordinal))
        {
            var zone = zoneOf(group.Key);
            if (!await KeepsZoneAsync(connection, transaction, group.Key, zone, cancellationToken))
            {
                // Rebuilt: every customer of the tenant is pending again, and is recomputed by the next batches.
                await transaction.CommitAsync(cancellationToken);
                return pending.Count;
            }

            var batch = new KpiBatchInputs(this, connection, transaction, group.Key);
            await batch.ReadAsync(group.Select(p => p.Customer).ToList(), cancellationToken);
            var deltas = new Dictionary<KpiCell, decimal>();
            foreach (var (customer, history) in batch.Histories())
            {
                var cells = history is null ? [] : KpiCells.Of(history, zone);
                var old = batch.StoredCells(customer);
                foreach (var (cell, value) in cells)
                {
                    deltas[cell] = deltas.GetValueOrDefault(cell) + value;
                }

                foreach (var (cell, value) in old ?? [])
                {
                    deltas[cell] = deltas.GetValueOrDefault(cell) - value;
                }

                batch.Store(customer, cells);
            }

            await batch.WriteCellsAsync(cancellationToken);

            await AddToKpiTotalsAsync(connection, transaction, group.Key, deltas.Where(d => d.Value != 0).OrderBy(d => d.Key.Day).ThenBy(d => d.Key.Field).ToList(), cancellationToken);
            await ClearPendingAsync(connection, transaction, group.Key, group.Select(p => (p.Customer, p.Mark)), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }

    /// <summary>
    /// Adds the differences to the tenant's sums, in (day, field) order. Here by reading each sum and writing it back:
    /// SQLite keeps exact decimals as text and takes one writer at a time, so no other transaction changes a sum in
    /// between.
    /// </summary>
    private protected virtual async Task AddToKpiTotalsAsync(
        DbConnection connection, DbTransaction transaction, string tenant, IReadOnlyList<KeyValuePair<KpiCell, decimal>> deltas, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT value FROM kpi_totals WHERE tenant = @tenant AND day = @day AND field = @field", transaction);
        var readParameters = read.Parameters(("@tenant", DbType.String), ("@day", DbType.Int32), ("@field", DbType.Int32));
        await using var write = connection.Command(
            """
            INSERT INTO kpi_totals (tenant, day, field, value) VALUES (@tenant, @day, @field, @value)
            ON CONFLICT (tenant, day, field) DO UPDATE SET value = excluded.value
            """,
            transaction);
        var writeParameters = write.Parameters(("@tenant", DbType.String), ("@day", DbType.Int32), ("@field", DbType.Int32), ("@value", DbType.String));
        foreach (var (cell, delta) in deltas)
        {
            (readParameters[0].Value, readParameters[1].Value, readParameters[2].Value) = (tenant, cell.Day, cell.Field);
            var current = await read.ExecuteScalarAsync(cancellationToken) is string text ? decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0m;
            (writeParameters[0].Value, writeParameters[1].Value, writeParameters[2].Value) = (tenant, cell.Day, cell.Field);
            writeParameters[3].Value = (current + delta).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// True when the tenant's cells were computed in <paramref name="zone"/> (or none were yet). Otherwise drops them,
    /// marks every customer of the tenant pending and records the new zone.
    /// </summary>
    private async Task<bool> KeepsZoneAsync(DbConnection connection, DbTransaction transaction, string tenant, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await using var read = connection.Command("SELECT time_zone FROM kpi_tenants WHERE tenant = @tenant", transaction);
        read.Add("@tenant", tenant, DbType.String);
        var stored = await read.ExecuteScalarAsync(cancellationToken) as string;
        if (stored == zone.Id)
        {
            return true;
        }

        var statements = new List<string>
        {
            "INSERT INTO kpi_tenants (tenant, time_zone) VALUES (@tenant, @zone) ON CONFLICT (tenant) DO UPDATE SET time_zone = excluded.time_zone",
        };
        if (stored is not null)
        {
            statements.Add("DELETE FROM kpi_customers WHERE tenant = @tenant");
            statements.Add("DELETE FROM kpi_totals WHERE tenant = @tenant");
            statements.Add($"""
                INSERT INTO kpi_pending (tenant, customer_id, mark)
                SELECT DISTINCT tenant, customer_id, 1 FROM {LogTable} WHERE tenant = @tenant
                ON CONFLICT (tenant, customer_id) DO UPDATE SET mark = kpi_pending.mark + 1
                """);
        }

        foreach (var sql in statements)
        {
            await using var command = connection.Command(sql, transaction);
            command.Add("@tenant", tenant, DbType.String);
            command.Add("@zone", zone.Id, DbType.String);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return stored is null;
    }

    /// <summary>Clears the marks as they were read; a mark that grew meanwhile stays.</summary>
    private static async Task ClearPendingAsync(DbConnection connection, DbTransaction transaction, string tenant, IEnumerable<(string Customer, long Mark)> marks, CancellationToken cancellationToken)
    {
        foreach (var chunk in marks.Chunk(400))
        {
            await using var clear = connection.Command(
                $"DELETE FROM kpi_pending WHERE tenant = @tenant AND (customer_id, mark) IN (VALUES {string.Join(", ", chunk.Select((_, i) => $"(@c{i}, @m{i})"))})",
                transaction);
            clear.Add("@tenant", tenant, DbType.String);
            for (var i = 0; i < chunk.Length; i++)
            {
                clear.Add($"@c{i}", chunk[i].Customer, DbType.String);
                clear.Add($"@m{i}", chunk[i].Mark, DbType.Int64);
            }

            await clear.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
