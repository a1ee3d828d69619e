using System.Text;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class PingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(9_876_543)]
    public void The_woocommerce_activation_ping_is_a_ping(long webhookId) =>
        Assert.True(ShopWebhooks.For(ShopPlatform.WooCommerce).IsPing(ShopDeliveries.WooPing(webhookId).ToWebhook()));

    [Theory]
    [InlineData("webhook_id=")]
    [InlineData("webhook_id=17&x=1")]
    [InlineData("webhook_id=abc")]
    [InlineData("{\"webhook_id\":17}")]
    [InlineData("")]
    public void Other_unsigned_bodies_are_not_pings(string body)
    {
        var delivery = ShopDeliveries.WooPing() with { Body = Encoding.UTF8.GetBytes(body) };

        Assert.False(ShopWebhooks.For(ShopPlatform.WooCommerce).IsPing(delivery.ToWebhook()));
    }

    [Fact]
    public void A_ping_body_with_a_signature_header_is_not_a_ping()
    {
        var ping = ShopDeliveries.WooPing();
        var signed = ping.WithHeader(WooCommerceWebhooks.SignatureHeader, ShopDeliveries.Base64Hmac(Fixtures.Secret, ping.Body));

        Assert.False(ShopWebhooks.For(ShopPlatform.WooCommerce).IsPing(signed.ToWebhook()));
    }

    [Theory]
    [InlineData(ShopPlatform.Shopify)]
    [InlineData(ShopPlatform.Shopware)]
    public void Other_platforms_send_no_pings(ShopPlatform platform)
    {
        var delivery = ShopDeliveries.WooPing();

        Assert.False(ShopWebhooks.For(platform).IsPing(delivery.ToWebhook()));
    }

    [Fact]
    public void A_ping_is_unsigned_and_a_signed_order_is_not_a_ping()
    {
        var webhooks = ShopWebhooks.For(ShopPlatform.WooCommerce);

        Assert.Equal(SignatureCheck.Missing, webhooks.Verify(ShopDeliveries.WooPing().ToWebhook(), Fixtures.Secret, Fixtures.Now));
        Assert.False(webhooks.IsPing(SampleDeliveries.Order(ShopPlatform.WooCommerce).ToWebhook()));
    }

    [Theory]
    [InlineData(ShopPlatform.Shopify)]
    [InlineData(ShopPlatform.Shopware)]
    [InlineData(ShopPlatform.WooCommerce)]
    public void Each_platform_has_its_webhooks(ShopPlatform platform) => Assert.Equal(platform, ShopWebhooks.For(platform).Platform);
}
