namespace LifecycleActors.Connectors;

/// <summary>The shop platforms whose webhooks a connector accepts.</summary>
public enum ShopPlatform
{
    Shopify,
    Shopware,
    WooCommerce,
}

/// <summary>The platforms' names on the wire and in configuration: <c>shopify</c>, <c>shopware</c>, <c>woocommerce</c>.</summary>
public static class ShopPlatformNames
{
    public static string Name(this ShopPlatform platform) => platform switch
    {
        ShopPlatform.Shopify => "shopify",
        ShopPlatform.Shopware => "shopware",
        ShopPlatform.WooCommerce => "woocommerce",
        _ => throw new ArgumentOutOfRangeException(nameof(platform)),
    };

    public static bool TryParse(string? name, out ShopPlatform platform)
    {
        foreach (var candidate in Enum.GetValues<ShopPlatform>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.Ordinal))
            {
                platform = candidate;
                return true;
            }
        }

        platform = default;
        return false;
    }
}
