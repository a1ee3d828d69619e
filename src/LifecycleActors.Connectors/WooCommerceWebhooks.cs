using System.Text.RegularExpressions;

namespace LifecycleActors.Connectors;

/// <summary>
/// WooCommerce: <c>X-WC-Webhook-Signature</c> is base64(HMAC-SHA256(secret, raw body)); the topic is
/// <c>X-WC-Webhook-Topic</c>. A payload is the resource's current state when sent (REST v3 shape), so events are
/// derived from the state, not from the topic.
/// </summary>
public sealed partial class WooCommerceWebhooks : IShopWebhooks
{
    public const string SignatureHeader = "X-WC-Webhook-Signature";
    public const string TopicHeader = "X-WC-Webhook-Topic";

    public ShopPlatform Platform => ShopPlatform.WooCommerce;

    string IShopWebhooks.SignatureHeader => SignatureHeader;

    /// <summary>The unsigned <c>webhook_id=N</c> form body sent when a webhook is activated; it must get exactly 200.</summary>
    public bool IsPing(InboundWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (webhook.Header(SignatureHeader) is not null || webhook.Body.Length > 64)
        {
            return false;
        }

        var body = webhook.Body.Span;
        foreach (var b in body)
        {
            if (b > 0x7F)
            {
                return false;
            }
        }

        return PingBody().IsMatch(System.Text.Encoding.ASCII.GetString(body));
    }

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

        if (topic is not ("order.created" or "order.updated" or "customer.created"))
        {
            return MappingResult.Ignore(topic, "topic not used");
        }

        return Payload.Guard(topic, () =>
        {
            using var document = Payload.Parse(webhook.Body);
            var root = PayloadNode.Root(document);
            return topic == "customer.created" ? WooCommerceMapping.Signup(topic, root, keying) : WooCommerceMapping.Order(topic, root, keying);
        });
    }

    [GeneratedRegex(@"^webhook_id=\d+$")]
    private static partial Regex PingBody();
}
