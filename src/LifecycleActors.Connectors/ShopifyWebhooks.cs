namespace LifecycleActors.Connectors;

/// <summary>
/// Shopify: <c>X-Shopify-Hmac-Sha256</c> is base64(HMAC-SHA256(secret, raw body)); the topic is
/// <c>X-Shopify-Topic</c>; ids are int64 numbers and amounts decimal strings.
/// </summary>
public sealed class ShopifyWebhooks : IShopWebhooks
{
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";
    public const string TopicHeader = "X-Shopify-Topic";

    public ShopPlatform Platform => ShopPlatform.Shopify;

    string IShopWebhooks.SignatureHeader => SignatureHeader;

    /// <summary>Shopify sends no unsigned test requests.</summary>
    public bool IsPing(InboundWebhook webhook) => false;

    public SignatureCheck Verify(InboundWebhook webhook, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(secret);
        return HmacSignatures.VerifyBase64(webhook.Header(SignatureHeader), secret, webhook.Body.Span);
    }

    public MappingResult Map(InboundWebhook webhook, CustomerKeying keying)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(keying);
        var topic = webhook.Header(TopicHeader)?.Trim() ?? "";
        if (topic.Length == 0)
        {
            return MappingResult.Unmappable("", TopicHeader, $"{TopicHeader}: is required");
        }

        if (!IsUsed(topic))
        {
            return MappingResult.Ignore(topic, "topic not used");
        }

        return Payload.Guard(topic, () =>
        {
            using var document = Payload.Parse(webhook.Body);
            var root = PayloadNode.Root(document);
            return topic switch
            {
                "orders/create" or "orders/paid" or "orders/updated" => ShopifyOrders.Order(topic, root, keying),
                "refunds/create" => ShopifyOrders.Refund(topic, root),
                "customers/create" => ShopifyCustomers.Signup(topic, root, keying),
                "checkouts/create" => ShopifyCustomers.Checkout(topic, root, keying),
                "customers/update" => ShopifyCustomers.Consent(topic, root["id"], root["email"], root["email_marketing_consent"], root["updated_at"], keying),
                "customers/redact" or "customers/data_request" or "shop/redact" => ShopifyCustomers.Privacy(topic, root, keying),
                "customers_email_marketing_consent/update" or "customers/email_marketing_consent_update" =>
                    ShopifyCustomers.Consent(topic, root["customer_id"], root["email_address"], root["email_marketing_consent"], null, keying),
                _ => MappingResult.Ignore(topic, "topic not used"),
            };
        });
    }

    private static bool IsUsed(string topic) => topic is "orders/create" or "orders/paid" or "orders/updated" or "refunds/create"
        or "customers/create" or "checkouts/create" or "customers/update"
        or "customers_email_marketing_consent/update" or "customers/email_marketing_consent_update"
        or "customers/redact" or "customers/data_request" or "shop/redact";
}
