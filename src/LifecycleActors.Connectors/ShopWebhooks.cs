namespace LifecycleActors.Connectors;

/// <summary>The webhooks of each platform.</summary>
public static class ShopWebhooks
{
    private static readonly ShopifyWebhooks Shopify = new();
    private static readonly ShopwareWebhooks Shopware = new();
    private static readonly WooCommerceWebhooks WooCommerce = new();

    public static IShopWebhooks For(ShopPlatform platform) => platform switch
    {
        ShopPlatform.Shopify => Shopify,
        ShopPlatform.Shopware => Shopware,
        ShopPlatform.WooCommerce => WooCommerce,
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };
}
