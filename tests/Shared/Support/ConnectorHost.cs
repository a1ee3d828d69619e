namespace LifecycleActors.Tests.Support;

/// <summary>
/// The real silo with an administrator (carol of shop-a, <see cref="CampaignHost"/>) and configured connectors: one per
/// platform for shop-a, and a Shopify connector for shop-b.
/// </summary>
public class ConnectorHost : CampaignHost
{
    public const string ShopifySecret = "shopify-signing-key-0123456789";
    public const string WooSecret = "woo-secret-with-symbols-#&!-0123";
    public const string ShopwareSecret = "shopware-shop-secret-0123456789abcdef0123456789abcdef0123456789ab";
    public const string ShopBSecret = "shop-b-shopify-signing-key-0123";

    protected override IEnumerable<string> Arguments =>
    [
        .. base.Arguments,
        .. Connector(0, "shopify-a", "shop-a", "shopify", ShopifySecret, "platform-id"),
        .. Connector(1, "woo-a", "shop-a", "woocommerce", WooSecret, "platform-id"),
        .. Connector(2, "shopware-a", "shop-a", "shopware", ShopwareSecret, "platform-id"),
        .. Connector(3, "shopify-b", "shop-b", "shopify", ShopBSecret, "platform-id"),
    ];

    private readonly Dictionary<string, string> _tokens = [];

    /// <summary>
    /// A client signed in as <paramref name="username"/>; each agent signs in once per host (sign-ins are rate-limited
    /// per address).
    /// </summary>
    public async Task<HttpClient> SignedInAsync(string username, string password)
    {
        if (!_tokens.TryGetValue(username, out var token))
        {
            token = await HubAgent.LoginAsync(BaseAddress, username, password);
            _tokens[username] = token;
        }

        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Sends a webhook to a connector's webhook URL, as the platform would.</summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(string connectorId, SignedWebhook webhook)
    {
        using var client = Client(apiKey: null);
        using var request = webhook.ToRequest(connectorId);
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string[] Connector(int index, string id, string tenant, string platform, string secret, string customerKey) =>
    [
        $"--Lifecycle:Connectors:{index}:Id", id,
        $"--Lifecycle:Connectors:{index}:Tenant", tenant,
        $"--Lifecycle:Connectors:{index}:Platform", platform,
        $"--Lifecycle:Connectors:{index}:Secret", secret,
        $"--Lifecycle:Connectors:{index}:CustomerKey", customerKey,
    ];
}
