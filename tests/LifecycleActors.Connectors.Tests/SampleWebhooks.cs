using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

/// <summary>One ordinary signed webhook per platform, for the tests that are the same on every platform.</summary>
internal static class SampleWebhooks
{
    public static readonly DateTimeOffset OrderedAt = Fixtures.Now.AddMinutes(-3);

    public static SignedWebhook Order(ShopPlatform platform, string secret = Fixtures.Secret) => platform switch
    {
        ShopPlatform.Shopify => PlatformWebhooks.ShopifyOrder(secret, 5550001234L, 7390123L, "ada@example.com", "59.90", OrderedAt),
        ShopPlatform.WooCommerce => PlatformWebhooks.WooOrder(secret, 4711, 12, "ada@example.com", "processing", "59.90", OrderedAt, OrderedAt),
        ShopPlatform.Shopware => PlatformWebhooks.ShopwareOrder(
            secret, "checkout.order.placed", "0190a1b2c3d4e5f60718293a4b5c6d7e", "0190ffeeddccbbaa9988776655443322", false, "ada@example.com", 59.90m, "EUR",
            OrderedAt, Fixtures.NowSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };

    public static string SignatureHeader(ShopPlatform platform) => platform switch
    {
        ShopPlatform.Shopify => ShopifyWebhooks.SignatureHeader,
        ShopPlatform.WooCommerce => WooCommerceWebhooks.SignatureHeader,
        ShopPlatform.Shopware => ShopwareWebhooks.SignatureHeader,
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };
}
