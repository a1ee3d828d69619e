using LifecycleActors.Connectors;
using LifecycleActors.Storage.Connectors;

namespace LifecycleActors.Silo.Connectors;

/// <summary>
/// Finds connectors: those of configuration, then those created through the admin API (read from the store on each
/// look-up, so a deletion or a new secret holds on every silo at once). Ids are unique across both.
/// </summary>
public sealed class ConnectorDirectory(IReadOnlyList<Connector> configured, IConnectorStore store)
{
    private readonly Dictionary<string, Connector> _configured = configured.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public bool IsConfigured(string connectorId) => _configured.ContainsKey(connectorId);

    public async Task<Connector?> FindAsync(string connectorId, CancellationToken cancellationToken) =>
        _configured.TryGetValue(connectorId, out var connector)
            ? connector
            : await store.ConnectorAsync(connectorId, cancellationToken) is { } stored ? FromStore(stored) : null;

    /// <summary>A tenant's connectors, configured ones first, each group by id.</summary>
    public async Task<IReadOnlyList<Connector>> OfTenantAsync(string tenant, CancellationToken cancellationToken) =>
    [
        .. _configured.Values.Where(c => c.Tenant == tenant).OrderBy(c => c.Id, StringComparer.Ordinal),
        .. (await store.ConnectorsAsync(tenant, cancellationToken)).Select(FromStore),
    ];

    /// <summary>A stored connector; an unreadable platform or key mode (written by a newer version) fails loudly.</summary>
    public static Connector FromStore(StoredConnector stored) => new(
        stored.Tenant,
        stored.ConnectorId,
        ShopPlatformNames.TryParse(stored.Platform, out var platform) ? platform : throw new InvalidOperationException($"connector '{stored.ConnectorId}': unknown platform '{stored.Platform}'"),
        stored.Secret,
        CustomerKeyModeNames.TryParse(stored.CustomerKey, out var key) ? key : throw new InvalidOperationException($"connector '{stored.ConnectorId}': unknown customer key '{stored.CustomerKey}'"),
        FromConfiguration: false,
        stored.CreatedAt);
}
