using System.Text.Json;

namespace LifecycleActors.Connectors;

/// <summary>
/// Shopware 6 app-system webhooks: <c>shopware-shop-signature</c> is the hex HMAC-SHA256 of the raw body under the shop
/// secret; the body is the envelope <c>{data:{payload, event}, source:{url, shopId, eventId, appVersion}, timestamp}</c>
/// and its topic is <c>data.event</c>.
/// </summary>
public sealed class ShopwareWebhooks : IShopWebhooks
{
    public const string SignatureHeader = "shopware-shop-signature";

    /// <summary>How far the signed <c>timestamp</c> may be from now, either way, for a webhook to be fresh.</summary>
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromMinutes(10);

    public ShopPlatform Platform => ShopPlatform.Shopware;

    string IShopWebhooks.SignatureHeader => SignatureHeader;

    /// <summary>Shopware sends no unsigned test requests.</summary>
    public bool IsPing(InboundWebhook webhook) => false;

    public SignatureCheck Verify(InboundWebhook webhook, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(secret);
        var check = HmacSignatures.VerifyHex(webhook.Header(SignatureHeader), secret, webhook.Body.Span);
        if (check != SignatureCheck.Valid)
        {
            return check;
        }

        // The timestamp is inside the signed body, so it cannot be forged; a signed body without a readable timestamp
        // cannot prove it is fresh, so it counts as Stale as well.
        return SignedAt(webhook.Body) is { } at && (at - now).Duration() <= TimestampWindow ? SignatureCheck.Valid : SignatureCheck.Stale;
    }

    public MappingResult Map(InboundWebhook webhook, CustomerKeying keying)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(keying);
        JsonDocument document;
        string topic;
        try
        {
            document = Payload.Parse(webhook.Body);
        }
        catch (PayloadException e)
        {
            return MappingResult.Unmappable("", e.Field, e.Message);
        }

        using (document)
        {
            var root = PayloadNode.Root(document);
            try
            {
                topic = root["data"]["event"].Text();
            }
            catch (PayloadException e)
            {
                return MappingResult.Unmappable("", e.Field, e.Message);
            }

            return Payload.Guard(topic, () => ShopwareMapping.Map(topic, root, keying));
        }
    }

    private static DateTimeOffset? SignedAt(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = Payload.Parse(body);
            return PayloadNode.Root(document)["timestamp"].OptionalUnixTime();
        }
        catch (PayloadException)
        {
            return null;
        }
    }
}
