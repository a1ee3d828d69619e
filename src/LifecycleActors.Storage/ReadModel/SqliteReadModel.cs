using System.Globalization;
using LifecycleActors.Abstractions;
using LifecycleActors.Storage.EventLog;
using Microsoft.Data.Sqlite;

namespace LifecycleActors.Storage.ReadModel;

/// <summary>Read model queries on SQLite.</summary>
public sealed class SqliteReadModel(string connectionString, string logConnectionString) : IReadModel
{
    public async Task<IReadOnlyList<string>> ListAsync(string tenant, CustomerFilter filter, string? afterCustomerId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT view FROM customers
            WHERE tenant = @tenant AND customer_id > @after
              AND (@stage IS NULL OR stage = @stage)
              AND (@vip IS NULL OR vip = @vip)
              AND (@advocate IS NULL OR advocate = @advocate)
            ORDER BY customer_id
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@after", afterCustomerId ?? "");
        command.Parameters.AddWithValue("@stage", (object?)filter.Stage ?? DBNull.Value);
        command.Parameters.AddWithValue("@vip", filter.Vip is { } vip ? (vip ? 1 : 0) : DBNull.Value);
        command.Parameters.AddWithValue("@advocate", filter.Advocate is { } advocate ? (advocate ? 1 : 0) : DBNull.Value);
        command.Parameters.AddWithValue("@limit", limit);
        var views = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            views.Add(reader.GetString(0));
        }

        return views;
    }

    public async Task<TenantStats> StatsAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT stage, COUNT(*), SUM(vip), SUM(advocate), SUM(events_applied)
            FROM customers WHERE tenant = @tenant GROUP BY stage
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        var stages = new Dictionary<string, long>(StringComparer.Ordinal);
        long customers = 0, vip = 0, advocate = 0, events = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt64(1);
            stages[reader.GetString(0)] = count;
            customers += count;
            vip += reader.GetInt64(2);
            advocate += reader.GetInt64(3);
            events += reader.GetInt64(4);
        }

        return new TenantStats(customers, stages, vip, advocate, events);
    }

    public async Task<IReadOnlyList<TransitionRecord>> TransitionsAsync(string tenant, string customerId, TimelineCursor? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence, kind, from_value, to_value, at, detected_at, reason
            FROM transitions
            WHERE tenant = @tenant AND customer_id = @customer AND (at, sequence) < (@at, @order)
            ORDER BY at DESC, sequence DESC
            LIMIT @limit
            """;
        command.AddCustomerPage(tenant, customerId, before, limit);
        var transitions = new List<TransitionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            transitions.Add(new TransitionRecord(
                tenant,
                customerId,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                reader.GetInt64(0),
                reader.GetString(6)));
        }

        return transitions;
    }

    public async Task<IReadOnlyList<LaggingCustomer>> FindLaggingAsync(long checkpoint, bool bySnapshot, DateTimeOffset receivedBefore, int limit, CancellationToken cancellationToken)
    {
        // Its own unpooled connection: the attachment must not outlive this query.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var attach = connection.CreateCommand())
        {
            attach.CommandText = "ATTACH DATABASE @path AS log";
            attach.Parameters.AddWithValue("@path", SqliteFiles.PathOf(logConnectionString));
            await attach.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        var known = bySnapshot ? "c.snapshot_position" : "c.applied_position";
        command.CommandText = $"""
            SELECT x.tenant, x.customer_id, ifnull({known}, 0), x.last_position, x.last_received
            FROM (
                SELECT tenant, customer_id, MAX(position) AS last_position, MAX(received_at) AS last_received
                FROM log.event_log
                WHERE position > @checkpoint AND received_at <= @received
                GROUP BY tenant, customer_id
            ) x
            LEFT JOIN customers c ON c.tenant = x.tenant AND c.customer_id = x.customer_id
            WHERE ifnull({known}, 0) < x.last_position
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@checkpoint", checkpoint);
        command.Parameters.AddWithValue("@received", receivedBefore.UtcTicks);
        command.Parameters.AddWithValue("@limit", limit);
        var lagging = new List<LaggingCustomer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lagging.Add(new LaggingCustomer(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        return lagging;
    }

    public async Task<IReadOnlyList<DueCustomer>> FindDueAsync(string tenant, DateTimeOffset now, DueCustomer? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT customer_id, next_change_at FROM customers
            WHERE tenant = @tenant AND next_change_at IS NOT NULL AND next_change_at <= @now
              AND (next_change_at, customer_id) > (@afterDue, @afterId)
            ORDER BY next_change_at, customer_id
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@now", now.UtcTicks);
        command.Parameters.AddWithValue("@afterDue", after?.DueTicks ?? long.MinValue);
        command.Parameters.AddWithValue("@afterId", after?.CustomerId ?? "");
        command.Parameters.AddWithValue("@limit", limit);
        var due = new List<DueCustomer>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(new DueCustomer(reader.GetString(0), reader.GetInt64(1)));
        }

        return due;
    }

    public async Task<long> CountDueAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM customers WHERE tenant = @tenant AND next_change_at IS NOT NULL AND next_change_at <= @now";
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@now", now.UtcTicks);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<PopulationInputs>> ReadPopulationAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT spend365, own_gap_days, purchase_days, first_purchase_day, last_purchase_day, repeat_mean_value
            FROM customers WHERE tenant = @tenant AND purchase_days > 0
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        var population = new List<PopulationInputs>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            population.Add(new PopulationInputs(
                (decimal)reader.GetDouble(0),
                reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5)));
        }

        return population;
    }

    public async Task<int> MarkVipCandidatesDueAsync(string tenant, decimal? threshold, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE customers SET next_change_at = @at
            WHERE tenant = @tenant AND (next_change_at IS NULL OR next_change_at > @at)
              AND (vip = 1 OR (@threshold IS NOT NULL AND spend365 >= @threshold))
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@threshold", threshold is { } t ? (double)t : DBNull.Value);
        command.Parameters.AddWithValue("@at", at.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> MarkGapBorrowersDueAsync(string tenant, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE customers SET next_change_at = @at
            WHERE tenant = @tenant AND purchase_days = 1 AND (next_change_at IS NULL OR next_change_at > @at)
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@at", at.UtcTicks);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SaveTenantModelAsync(string tenant, DateTimeOffset fittedAt, string modelJson, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO tenant_models (tenant, fitted_at, model) VALUES (@tenant, @at, @model)
            ON CONFLICT (tenant) DO UPDATE SET fitted_at = excluded.fitted_at, model = excluded.model
            """;
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@at", fittedAt.UtcTicks);
        command.Parameters.AddWithValue("@model", modelJson);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> ReadTenantModelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, model FROM tenant_models";
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models[reader.GetString(0)] = reader.GetString(1);
        }

        return models;
    }

    public async Task<long> ReadCheckpointAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM service_state WHERE key = @key";
        command.Parameters.AddWithValue("@key", name);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public async Task WriteCheckpointAsync(string name, long value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO service_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("@key", name);
        command.Parameters.AddWithValue("@value", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
