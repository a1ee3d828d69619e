using LifecycleActors.Connectors;
using LifecycleActors.Silo.Connectors;
using LifecycleActors.Silo.Tenants;
using Microsoft.Extensions.Configuration;

namespace LifecycleActors.Api.Tests.Connectors;

public sealed class ConnectorConfigurationTests
{
    private const string Secret = "shpss_0123456789abcdef";

    private static readonly TenantDirectory Tenants = new([new TenantOptions { Id = "shop-a", ApiKey = "key-of-shop-a-0123456789" }]);

    [Theory]
    [InlineData("Id", "Shop A", "Lifecycle:Connectors:0:Id: 'Shop A' must be 1..64 of a-z, 0-9, '_' or '-'")]
    [InlineData("Tenant", "shop-b", "Lifecycle:Connectors:0:Tenant: 'shop-b' is not a configured tenant")]
    [InlineData("Platform", "magento", "Lifecycle:Connectors:0:Platform: 'magento' must be shopify, shopware or woocommerce")]
    [InlineData("Secret", "short", "Lifecycle:Connectors:0:Secret: must be at least 16 characters")]
    [InlineData("Secret", " padded-secret-0123456789 ", "Lifecycle:Connectors:0:Secret: must not contain control characters or start or end with spaces")]
    [InlineData("CustomerKey", "email", "Lifecycle:Connectors:0:CustomerKey: 'email' must be platform-id or email-hash")]
    public void A_bad_connector_stops_the_service_naming_its_key_and_never_its_secret(string field, string value, string expected)
    {
        var entry = Entry("shopify-main", "shop-a", "shopify", Secret, "platform-id");
        entry[$"Lifecycle:Connectors:0:{field}"] = value;

        var error = Assert.Throws<InvalidOperationException>(() => ConnectorConfiguration.Load(Configuration(entry), Tenants));

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_used_twice_stops_the_service()
    {
        var values = Entry("shop", "shop-a", "shopify", Secret, "platform-id");
        foreach (var (key, value) in Entry("shop", "shop-a", "woocommerce", Secret, "email-hash"))
        {
            values[key.Replace(":0:", ":1:", StringComparison.Ordinal)] = value;
        }

        var error = Assert.Throws<InvalidOperationException>(() => ConnectorConfiguration.Load(Configuration(values), Tenants));

        Assert.Equal("Lifecycle:Connectors:1:Id: 'shop' appears more than once", error.Message);
    }

    [Fact]
    public void Configured_connectors_are_read_with_platform_id_as_the_default_customer_key()
    {
        var values = Entry("woo", "shop-a", "woocommerce", Secret, null);

        var connector = Assert.Single(ConnectorConfiguration.Load(Configuration(values), Tenants));

        Assert.Equal(("woo", "shop-a", ShopPlatform.WooCommerce, CustomerKeyMode.PlatformId, true), (connector.Id, connector.Tenant, connector.Platform, connector.CustomerKey, connector.FromConfiguration));
    }

    private static Dictionary<string, string?> Entry(string id, string tenant, string platform, string secret, string? customerKey)
    {
        var values = new Dictionary<string, string?>
        {
            ["Lifecycle:Connectors:0:Id"] = id,
            ["Lifecycle:Connectors:0:Tenant"] = tenant,
            ["Lifecycle:Connectors:0:Platform"] = platform,
            ["Lifecycle:Connectors:0:Secret"] = secret,
        };
        if (customerKey is not null)
        {
            values["Lifecycle:Connectors:0:CustomerKey"] = customerKey;
        }

        return values;
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
