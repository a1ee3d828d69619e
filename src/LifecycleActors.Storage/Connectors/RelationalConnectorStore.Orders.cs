using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using LifecycleActors.Storage.Relational;

namespace LifecycleActors.Storage.Connectors;

/// <summary>The tenants' salts, the customers of orders, the parked events and the privacy requests.</summary>
public abstract partial class RelationalConnectorStore
{
    /// <summary>The length of a tenant's salt in bytes.</summary>
    public const int SaltLength = 32;

    private const string ParkedColumns = "tenant, platform, order_id, event_id, event_json, parked_at";

    /// <summary>Offers a fresh salt, which only the first caller's insert keeps, then reads the one that was kept.</summary>
    public async Task<byte[]> TenantSaltAsync(string tenant, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using (var offer = connection.Command("INSERT INTO tenant_salts (tenant, salt, created_at) VALUES (@tenant, @salt, @now) ON CONFLICT DO NOTHING"))
        {
            offer.Add("@tenant", tenant, DbType.String);
            offer.Add("@salt", RandomNumberGenerator.GetBytes(SaltLength), DbType.Binary);
            offer.Add("@now", _time.GetUtcNow().UtcTicks, DbType.Int64);
            await offer.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = connection.Command("SELECT salt FROM tenant_salts WHERE tenant = @tenant");
        read.Add("@tenant", tenant, DbType.String);
        return (await read.ReadListAsync(r => r.GetFieldValue<byte[]>(0), cancellationToken)).Single();
    }

    public async Task RememberOrdersAsync(
        string tenant, string platform, IReadOnlyList<(string OrderId, string CustomerId)> orders, CancellationToken cancellationToken)
    {
        await ForEachInTransactionAsync(
            """
            INSERT INTO connector_orders (tenant, platform, order_id, customer_id) VALUES (@tenant, @platform, @order, @customer)
            ON CONFLICT DO NOTHING
            """,
            [("@tenant", DbType.String), ("@platform", DbType.String), ("@order", DbType.String), ("@customer", DbType.String)],
            orders,
            (p, o) => (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (tenant, platform, o.OrderId, o.CustomerId),
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, string>> OrderCustomersAsync(
        string tenant, string platform, IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var customers = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("SELECT customer_id FROM connector_orders WHERE tenant = @tenant AND platform = @platform AND order_id = @order");
        var p = command.Parameters(("@tenant", DbType.String), ("@platform", DbType.String), ("@order", DbType.String));
        foreach (var orderId in orderIds.Distinct(StringComparer.Ordinal))
        {
            (p[0].Value, p[1].Value, p[2].Value) = (tenant, platform, orderId);
            if (await command.ExecuteScalarAsync(cancellationToken) is string customerId)
            {
                customers[orderId] = customerId;
            }
        }

        return customers;
    }

    public async Task ParkAsync(IReadOnlyList<ParkedEvent> events, CancellationToken cancellationToken)
    {
        await ForEachInTransactionAsync(
            $"INSERT INTO connector_parked ({ParkedColumns}) VALUES (@tenant, @platform, @order, @event, @json, @at) ON CONFLICT DO NOTHING",
            [("@tenant", DbType.String), ("@platform", DbType.String), ("@order", DbType.String), ("@event", DbType.String), ("@json", DbType.String), ("@at", DbType.Int64)],
            events,
            (p, e) => (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value, p[5].Value) =
                (e.Tenant, e.Platform, e.OrderId, e.EventId, e.EventJson, e.ParkedAt.UtcTicks),
            cancellationToken);
    }

    /// <summary>The parked events of these orders, order after order as asked, each order's oldest first.</summary>
    public async Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string tenant, string platform, IReadOnlyList<string> orderIds, CancellationToken cancellationToken)
    {
        var parked = new List<ParkedEvent>();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {ParkedColumns} FROM connector_parked WHERE tenant = @tenant AND platform = @platform AND order_id = @order
            ORDER BY parked_at, event_id
            """);
        var p = command.Parameters(("@tenant", DbType.String), ("@platform", DbType.String), ("@order", DbType.String));
        foreach (var orderId in orderIds.Distinct(StringComparer.Ordinal))
        {
            (p[0].Value, p[1].Value, p[2].Value) = (tenant, platform, orderId);
            parked.AddRange(await command.ReadListAsync(
                r => new ParkedEvent(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Ticks(5)), cancellationToken));
        }

        return parked;
    }

    public async Task UnparkAsync(string tenant, string platform, IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        await ForEachInTransactionAsync(
            "DELETE FROM connector_parked WHERE tenant = @tenant AND platform = @platform AND event_id = @event",
            [("@tenant", DbType.String), ("@platform", DbType.String), ("@event", DbType.String)],
            eventIds,
            (p, eventId) => (p[0].Value, p[1].Value, p[2].Value) = (tenant, platform, eventId),
            cancellationToken);
    }

    public async Task RecordPrivacyRequestAsync(PrivacyRequestRow request, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO privacy_requests (tenant, connector_id, topic, customer_id, email_customer_id, request_id, order_ids, received_at)
            VALUES (@tenant, @id, @topic, @customer, @email, @request, @orders, @at)
            """);
        AddConnectorKey(command, request.Tenant, request.ConnectorId);
        command.Add("@topic", request.Topic, DbType.String);
        command.Add("@customer", request.CustomerId, DbType.String);
        command.Add("@email", request.EmailCustomerId, DbType.String);
        command.Add("@request", request.RequestId, DbType.String);
        command.Add("@orders", request.OrderIdsJson, DbType.String);
        command.Add("@at", request.ReceivedAt.UtcTicks, DbType.Int64);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<PrivacyRequestRow>> PrivacyRequestsAsync(string tenant, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT tenant, connector_id, topic, customer_id, email_customer_id, request_id, order_ids, received_at FROM privacy_requests
            WHERE tenant = @tenant ORDER BY received_at DESC, id DESC LIMIT @limit
            """);
        command.Add("@tenant", tenant, DbType.String);
        command.Add("@limit", limit, DbType.Int32);
        return await command.ReadListAsync(
            r => new PrivacyRequestRow(r.GetString(0), r.GetString(1), r.GetString(2), r.NullableString(3), r.NullableString(4), r.NullableString(5), r.GetString(6), r.Ticks(7)),
            cancellationToken);
    }

    /// <summary>Runs one statement per item, its parameters bound by <paramref name="bind"/>, all in one transaction.</summary>
    private async Task ForEachInTransactionAsync<T>(
        string sql, (string Name, DbType Type)[] parameters, IReadOnlyList<T> items, Action<DbParameter[], T> bind, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.Command(sql, transaction);
        var p = command.Parameters(parameters);
        foreach (var item in items)
        {
            bind(p, item);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
