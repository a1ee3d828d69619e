using System.Data;
using System.Data.Common;
using LifecycleActors.Storage.Relational;
using LifecycleActors.Storage.Retention;

namespace LifecycleActors.Storage.Campaigns;

/// <summary>The campaign tables over ADO.NET, one SQL text for SQLite and PostgreSQL (typed parameters, ticks for times).</summary>
public abstract class RelationalCampaignStore(DbDataSource dataSource) : ICampaignStore
{
    private const string EntryColumns = "customer_id, sequence, entered_at, due_at, status, reason, attempts, last_error, transition";

    /// <summary>The event log table as this store's connection sees it.</summary>
    private protected virtual string LogTable => "event_log";

    public async Task<IReadOnlyList<StoredCampaign>> CampaignsAsync(string? tenant, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT tenant, campaign_id, definition, paused, created_at FROM campaigns
            WHERE @tenant IS NULL OR tenant = @tenant ORDER BY tenant, campaign_id
            """);
        command.Add("@tenant", tenant, DbType.String);
        return await command.ReadListAsync(r => new StoredCampaign(r.GetString(0), r.GetString(1), r.GetString(2), r.GetBoolean(3), r.Ticks(4)), cancellationToken);
    }

    public async Task<bool> CreateAsync(StoredCampaign campaign, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO campaigns (tenant, campaign_id, definition, paused, created_at, updated_at)
            VALUES (@tenant, @id, @definition, @paused, @now, @now) ON CONFLICT DO NOTHING
            """);
        command.Add("@tenant", campaign.Tenant, DbType.String);
        command.Add("@id", campaign.CampaignId, DbType.String);
        command.Add("@definition", campaign.Definition, DbType.String);
        command.Add("@paused", campaign.Paused, DbType.Boolean);
        command.Add("@now", campaign.CreatedAt.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> SetPausedAsync(string tenant, string campaignId, bool paused, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("UPDATE campaigns SET paused = @paused, updated_at = @now WHERE tenant = @tenant AND campaign_id = @id");
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@id", campaignId, DbType.String);
        command.Add("@paused", paused, DbType.Boolean);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> EnterAsync(IReadOnlyList<NewCampaignEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO campaign_entries (tenant, campaign_id, customer_id, sequence, entered_at, due_at, status, reason, attempts, last_error, retry_at, sent_at, is_message, transition)
            VALUES (@tenant, @campaign, @customer, @sequence, @entered, @due, @status, NULL, 0, NULL, NULL, NULL, @message, @transition)
            ON CONFLICT DO NOTHING
            """, transaction);
        var p = command.Parameters(
            ("@tenant", DbType.String), ("@campaign", DbType.String), ("@customer", DbType.String), ("@sequence", DbType.Int64), ("@entered", DbType.Int64),
            ("@due", DbType.Int64), ("@status", DbType.String), ("@message", DbType.Boolean), ("@transition", DbType.String));
        var added = 0;
        foreach (var e in entries)
        {
            (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (e.Tenant, e.CampaignId, e.CustomerId, e.Sequence, e.EnteredAt.UtcTicks);
            (p[5].Value, p[6].Value, p[7].Value, p[8].Value) = (e.DueAt.UtcTicks, e.Status, e.IsMessage, e.TransitionJson);
            added += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<IReadOnlyList<CampaignEntryRow>> DueAsync(
        string tenant, string campaignId, DateTimeOffset now, DateTimeOffset wallClock, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {EntryColumns} FROM campaign_entries
            WHERE tenant = @tenant AND campaign_id = @campaign AND status = 'pending' AND due_at <= @now
              AND (retry_at IS NULL OR retry_at <= @wall)
            ORDER BY due_at, customer_id, sequence LIMIT @limit
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@campaign", campaignId, DbType.String);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        command.Add("@wall", wallClock.UtcTicks, DbType.Int64);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(ReadEntry, cancellationToken);
    }

    public async Task<DateTimeOffset?> NextDueAsync(string tenant, string campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT MIN(due_at) FROM campaign_entries WHERE tenant = @tenant AND campaign_id = @campaign AND status = 'pending'");
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@campaign", campaignId, DbType.String);
        var ticks = await command.ExecuteScalarAsync(cancellationToken);
        return ticks is null or DBNull ? null : new DateTimeOffset(Convert.ToInt64(ticks, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero);
    }

    public async Task UpdateAsync(CampaignEntryUpdate u, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE campaign_entries SET status = @status, reason = @reason, due_at = @due, attempts = @attempts, last_error = @error, retry_at = @retry, sent_at = @sent
            WHERE tenant = @tenant AND campaign_id = @campaign AND customer_id = @customer AND sequence = @sequence
            """);
        AddEntryKey(command, u.Tenant, u.CampaignId, u.CustomerId, u.Sequence);
        command.Add("@status", u.Status, DbType.String);
        command.Add("@reason", u.Reason, DbType.String);
        command.Add("@due", u.DueAt.UtcTicks, DbType.Int64);
        command.Add("@attempts", u.Attempts, DbType.Int32);
        command.Add("@error", u.LastError, DbType.String);
        command.Add("@retry", u.RetryAt?.UtcTicks, DbType.Int64);
        command.Add("@sent", u.SentAt?.UtcTicks, DbType.Int64);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountSentAsync(string tenant, string? campaignId, string customerId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT COUNT(*) FROM campaign_entries
            WHERE tenant = @tenant AND customer_id = @customer AND sent_at >= @since AND status = 'sent'
              AND ((@campaign IS NULL AND is_message) OR campaign_id = @campaign)
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@customer", customerId, DbType.String);
        command.Add("@since", since.UtcTicks, DbType.Int64);
        command.Add("@campaign", campaignId, DbType.String);
        return (int)await command.ReadInt64Async(cancellationToken);
    }

    public async Task<IReadOnlyList<CampaignEntryRow>> EntriesAsync(string tenant, string campaignId, string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {EntryColumns} FROM campaign_entries
            WHERE tenant = @tenant AND campaign_id = @campaign AND (@status IS NULL OR status = @status)
            ORDER BY entered_at DESC, customer_id, sequence LIMIT @limit
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@campaign", campaignId, DbType.String);
        command.Add("@status", status, DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(ReadEntry, cancellationToken);
    }

    public async Task<IReadOnlyList<CampaignOrderRow>> OrdersOfEnteredAsync(string tenant, string campaignId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenWithLogAsync(cancellationToken);

        // Orders that retention summarised (ADR 0017) count as they did.
        await using var command = connection.Command($"""
            SELECT l.customer_id, l.occurred_at, l.amount, CASE WHEN l.type = @summary THEN l.data END FROM {LogTable} l
            WHERE l.tenant = @tenant AND l.type IN ('order_placed', @summary)
              AND l.customer_id IN (SELECT customer_id FROM campaign_entries WHERE tenant = @tenant AND campaign_id = @campaign)
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@campaign", campaignId, DbType.String);
        command.Add("@summary", HistorySummary.Type, DbType.String);
        var rows = await command.ReadListAsync(r => (Customer: r.GetString(0), At: r.Ticks(1), Amount: r.IsDBNull(2) ? 0m : r.Amount(2), Summary: r.NullableString(3)), cancellationToken);
        return [.. rows.SelectMany(row => row.Summary is { } summary
            ? HistorySummary.Read(summary).Orders.Select(o => new CampaignOrderRow(row.Customer, o.At, o.Amount))
            : [new CampaignOrderRow(row.Customer, row.At, row.Amount)])];
    }

    public async Task<bool> RetryDeadLetterAsync(string tenant, string campaignId, string customerId, long sequence, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE campaign_entries SET status = 'pending', attempts = 0, retry_at = NULL, reason = 'retried by an agent'
            WHERE tenant = @tenant AND campaign_id = @campaign AND customer_id = @customer AND sequence = @sequence AND status IN ('dead_lettered', 'failed')
            """);
        AddEntryKey(command, tenant, campaignId, customerId, sequence);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> AddTaskAsync(AgentTaskRow task, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_tasks (tenant, task_id, campaign_id, customer_id, title, reason, status, claimed_by, created_at, updated_at)
            VALUES (@tenant, @id, @campaign, @customer, @title, @reason, @status, NULL, @now, @now) ON CONFLICT DO NOTHING
            """);
        command.Add("@tenant", task.Tenant, DbType.String);
        command.Add("@id", task.TaskId, DbType.String);
        command.Add("@campaign", task.CampaignId, DbType.String);
        command.Add("@customer", task.CustomerId, DbType.String);
        command.Add("@title", task.Title, DbType.String);
        command.Add("@reason", task.Reason, DbType.String);
        command.Add("@status", task.Status, DbType.String);
        command.Add("@now", task.CreatedAt.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<AgentTaskRow>> TasksAsync(string tenant, string? status, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT tenant, task_id, campaign_id, customer_id, title, reason, status, claimed_by, created_at, updated_at FROM agent_tasks
            WHERE tenant = @tenant AND (@status IS NULL OR status = @status) ORDER BY created_at DESC, task_id LIMIT @limit
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@status", status, DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(ReadTask, cancellationToken);
    }

    public async Task<CustomerCampaignHistory> CustomerHistoryAsync(string tenant, string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var entries = connection.Command("""
            SELECT campaign_id, sequence, entered_at, status, reason, is_message, sent_at FROM campaign_entries
            WHERE tenant = @tenant AND customer_id = @customer ORDER BY entered_at, campaign_id, sequence
            """);
        entries.Add("@tenant", tenant, DbType.String);
        entries.Add("@customer", customerId, DbType.String);
        var entryRows = await entries.ReadListAsync(
            r => new CustomerCampaignEntry(r.GetString(0), r.GetInt64(1), r.Ticks(2), r.GetString(3), r.NullableString(4), r.GetBoolean(5), r.IsDBNull(6) ? null : r.Ticks(6)),
            cancellationToken);
        await using var tasks = connection.Command("""
            SELECT tenant, task_id, campaign_id, customer_id, title, reason, status, claimed_by, created_at, updated_at FROM agent_tasks
            WHERE tenant = @tenant AND customer_id = @customer ORDER BY created_at, task_id
            """);
        tasks.Add("@tenant", tenant, DbType.String);
        tasks.Add("@customer", customerId, DbType.String);
        return new CustomerCampaignHistory(entryRows, await tasks.ReadListAsync(ReadTask, cancellationToken));
    }

    public async Task<AgentTaskRow?> TaskAsync(string tenant, string taskId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT tenant, task_id, campaign_id, customer_id, title, reason, status, claimed_by, created_at, updated_at FROM agent_tasks
            WHERE tenant = @tenant AND task_id = @id
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@id", taskId, DbType.String);
        return (await command.ReadListAsync(ReadTask, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> MoveTaskAsync(string tenant, string taskId, string from, string to, string agent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE agent_tasks SET status = @to, claimed_by = @agent, updated_at = @now
            WHERE tenant = @tenant AND task_id = @id AND status = @from
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@id", taskId, DbType.String);
        command.Add("@from", from, DbType.String);
        command.Add("@to", to, DbType.String);
        command.Add("@agent", agent, DbType.String);
        command.Add("@now", now.UtcTicks, DbType.Int64);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A connection from which <see cref="LogTable"/> and the campaign tables are both visible.</summary>
    private protected virtual async Task<DbConnection> OpenWithLogAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken);

    private static void AddEntryKey(DbCommand command, string tenant, string campaignId, string customerId, long sequence)
    {
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@campaign", campaignId, DbType.String);
        command.Add("@customer", customerId, DbType.String);
        command.Add("@sequence", sequence, DbType.Int64);
    }

    private static CampaignEntryRow ReadEntry(DbDataReader r) => new(
        r.GetString(0), r.GetInt64(1), r.Ticks(2), r.Ticks(3), r.GetString(4), r.NullableString(5), r.GetInt32(6), r.NullableString(7), r.GetString(8));

    private static AgentTaskRow ReadTask(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.NullableString(7), r.Ticks(8), r.Ticks(9));
}
