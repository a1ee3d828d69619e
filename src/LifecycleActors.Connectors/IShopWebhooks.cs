namespace LifecycleActors.Connectors;

/// <summary>One platform's webhooks: how they are signed and what their payloads mean.</summary>
public interface IShopWebhooks
{
    ShopPlatform Platform { get; }

    /// <summary>The header that carries the platform's signature (what a refusal names).</summary>
    string SignatureHeader { get; }

    /// <summary>
    /// A request the platform sends unsigned to try the URL when a webhook is set up (WooCommerce's
    /// <c>webhook_id=N</c>): answered 200 with nothing stored.
    /// </summary>
    bool IsPing(InboundWebhook webhook);

    /// <summary>Checks the signature exactly as the platform documents it, over the raw body, in constant time.</summary>
    /// <param name="secret">The connector's secret as the shop pasted it.</param>
    /// <param name="now">For platforms that sign a timestamp (Shopware).</param>
    SignatureCheck Verify(InboundWebhook webhook, string secret, DateTimeOffset now);

    /// <summary>Maps a verified webhook. Never throws for any body: a bad one is <see cref="MappingKind.Unmappable"/>.</summary>
    MappingResult Map(InboundWebhook webhook, CustomerKeying keying);
}
