namespace LifecycleActors.Storage.Connectors;

/// <summary>
/// Shop connectors created through the admin API, their webhook counts and last errors, the tenants' salts for
/// e-mail keys, which customer placed which order (for refunds that name only the order), refunds waiting for their
/// order, and recorded privacy requests. Connector ids are unique across tenants (they are the webhook URL).
/// </summary>
public interface IConnectorStore
{
    /// <summary>The connectors of a tenant, or of every tenant when <paramref name="tenant"/> is null; by id.</summary>
    Task<IReadOnlyList<StoredConnector>> ConnectorsAsync(string? tenant, CancellationToken cancellationToken);

    /// <summary>The connector with this id, whichever its tenant; null when there is none.</summary>
    Task<StoredConnector?> ConnectorAsync(string connectorId, CancellationToken cancellationToken);

    /// <summary>Stores a new connector; false when the id is taken (by any tenant).</summary>
    Task<bool> CreateAsync(StoredConnector connector, CancellationToken cancellationToken);

    /// <summary>Deletes a tenant's connector with its counts and last errors; false when the tenant has no such connector.</summary>
    Task<bool> DeleteAsync(string tenant, string connectorId, CancellationToken cancellationToken);

    /// <summary>Replaces a tenant's connector's secret; false when the tenant has no such connector.</summary>
    Task<bool> SetSecretAsync(string tenant, string connectorId, string secret, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a webhook's outcome to its connector's counts and, when refused, to its last errors (the newest 20 kept).</summary>
    Task RecordAsync(ConnectorWebhookOutcome outcome, CancellationToken cancellationToken);

    /// <summary>The connector's counts (<see cref="ConnectorCounts.None"/> before its first webhook).</summary>
    Task<ConnectorCounts> CountsAsync(string tenant, string connectorId, CancellationToken cancellationToken);

    /// <summary>The connector's newest refused webhooks, newest first.</summary>
    Task<IReadOnlyList<ConnectorError>> LastErrorsAsync(string tenant, string connectorId, int limit, CancellationToken cancellationToken);

    /// <summary>The tenant's salt for e-mail keys: 32 random bytes made on first use and the same ever after, on every silo.</summary>
    Task<byte[]> TenantSaltAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Remembers each order's customer (the first one recorded for an order stays).</summary>
    Task RememberOrdersAsync(string tenant, string platform, IReadOnlyList<(string OrderId, string CustomerId)> orders, CancellationToken cancellationToken);

    /// <summary>The customers of those of <paramref name="orderIds"/> that are known, by order id.</summary>
    Task<IReadOnlyDictionary<string, string>> OrderCustomersAsync(string tenant, string platform, IReadOnlyList<string> orderIds, CancellationToken cancellationToken);

    /// <summary>Parks events until their order's customer is known (an event parked twice stays once).</summary>
    Task ParkAsync(IReadOnlyList<ParkedEvent> events, CancellationToken cancellationToken);

    /// <summary>The parked events of these orders.</summary>
    Task<IReadOnlyList<ParkedEvent>> ParkedAsync(string tenant, string platform, IReadOnlyList<string> orderIds, CancellationToken cancellationToken);

    /// <summary>Removes parked events once they are durable in the event log.</summary>
    Task UnparkAsync(string tenant, string platform, IReadOnlyList<string> eventIds, CancellationToken cancellationToken);

    Task RecordPrivacyRequestAsync(PrivacyRequestRow request, CancellationToken cancellationToken);

    /// <summary>The tenant's recorded privacy requests, newest first.</summary>
    Task<IReadOnlyList<PrivacyRequestRow>> PrivacyRequestsAsync(string tenant, int limit, CancellationToken cancellationToken);
}
