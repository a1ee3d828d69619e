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

    /// <summary>How far the signed <c>timestamp</c> may be from now, either way, for a delivery to be fresh.</summary>
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromMinutes(10);

    public ShopPlatform Platform => ShopPlatform.Shopware;

    /// <summary>Shopware sends no unsigned test requests.</summary>
    public bool IsPing(WebhookDelivery delivery) => false;

    public SignatureCheck Verify(WebhookDelivery delivery, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(secret);
        var check = HmacSignatures.VerifyHex(delivery.Header(SignatureHeader), secret, delivery.Body.Span);
        if (check != SignatureCheck.Valid)
        {
            return check;
        }

        // The timestamp is inside the signed body, so it cannot be forged; a signed body without a readable timestamp
        // cannot prove it is fresh, so it counts as Stale as well.
        return SignedAt(delivery.Body) is { } at && (at - now).Duration() <= TimestampWindow ? SignatureCheck.Valid : SignatureCheck.Stale;
    }

    public MappingResult Map(WebhookDelivery delivery, CustomerKeying keying)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(keying);
        JsonDocument document;
        string topic;
        try
        {
            document = Payload.Parse(delivery.Body);
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
