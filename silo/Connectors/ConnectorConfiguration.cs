using LifecycleActors.Connectors;
using LifecycleActors.Silo.Tenants;

namespace LifecycleActors.Silo.Connectors;

/// <summary>
/// The connectors of <c>Lifecycle:Connectors</c> (<c>Id</c>, <c>Tenant</c>, <c>Platform</c>, <c>Secret</c>,
/// <c>CustomerKey</c>), checked at start: a bad entry stops the service with a message that starts with its key.
/// </summary>
public static class ConnectorConfiguration
{
    public const string Section = "Lifecycle:Connectors";

    /// <summary>One entry as bound from configuration.</summary>
    public sealed class Entry
    {
        public string Id { get; set; } = "";

        public string Tenant { get; set; } = "";

        public string Platform { get; set; } = "";

        public string Secret { get; set; } = "";

        public string CustomerKey { get; set; } = "platform-id";
    }

    public static IReadOnlyList<Connector> Load(IConfiguration configuration, TenantDirectory tenants)
    {
        var entries = configuration.GetSection(Section).Get<List<Entry>>() ?? [];
        var connectors = new List<Connector>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var key = $"{Section}:{i}";
            Check(ConnectorRules.IdProblem(entry.Id), $"{key}:Id: '{entry.Id}' ");
            Check(!tenants.TenantIds.Contains(entry.Tenant), $"{key}:Tenant: '{entry.Tenant}' is not a configured tenant");
            Check(!ShopPlatformNames.TryParse(entry.Platform, out var platform), $"{key}:Platform: '{entry.Platform}' must be shopify, shopware or woocommerce");
            Check(ConnectorRules.SecretProblem(entry.Secret), $"{key}:Secret: ");
            Check(!CustomerKeyModeNames.TryParse(entry.CustomerKey, out var customerKey), $"{key}:CustomerKey: '{entry.CustomerKey}' must be platform-id or email-hash");
            Check(connectors.Any(c => c.Id == entry.Id), $"{key}:Id: '{entry.Id}' appears more than once");
            connectors.Add(new Connector(entry.Tenant, entry.Id, platform, entry.Secret, customerKey, FromConfiguration: true, CreatedAt: null));
        }

        return connectors;
    }

    /// <summary>Stops with <paramref name="prefix"/> and the problem, when there is one.</summary>
    private static void Check(string? problem, string prefix)
    {
        if (problem is not null)
        {
            throw new InvalidOperationException(prefix + problem);
        }
    }

    private static void Check(bool failed, string message)
    {
        if (failed)
        {
            throw new InvalidOperationException(message);
        }
    }
}
