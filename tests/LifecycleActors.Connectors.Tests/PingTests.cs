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
        Assert.True(ShopWebhooks.For(ShopPlatform.WooCommerce).IsPing(PlatformWebhooks.WooPing(webhookId).ToInbound()));

    [Theory]
    [InlineData("webhook_id=")]
    [InlineData("webhook_id=17&x=1")]
    [InlineData("webhook_id=abc")]
    [InlineData("{\"webhook_id\":17}")]
    [InlineData("")]
    public void Other_unsigned_bodies_are_not_pings(string body)
    {
        var webhook = PlatformWebhooks.WooPing() with { Body = Encoding.UTF8.GetBytes(body) };

        Assert.False(ShopWebhooks.For(ShopPlatform.WooCommerce).IsPing(webhook.ToInbound()));
    }

    [Fact]
    public void A_ping_body_with_a_signature_header_is_not_a_ping()
    {
        var ping = PlatformWebhooks.WooPing();
        var signed = ping.WithHeader(WooCommerceWebhooks.SignatureHeader, PlatformWebhooks.Base64Hmac(Fixtures.Secret, ping.Body));

        Assert.False(ShopWebhooks.For(ShopPlatform.WooCommerce).IsPing(signed.ToInbound()));
    }

    [Theory]
    [InlineData(ShopPlatform.Shopify)]
    [InlineData(ShopPlatform.Shopware)]
    public void Other_platforms_send_no_pings(ShopPlatform platform)
    {
        var webhook = PlatformWebhooks.WooPing();

        Assert.False(ShopWebhooks.For(platform).IsPing(webhook.ToInbound()));
    }

    [Fact]
    public void A_ping_is_unsigned_and_a_signed_order_is_not_a_ping()
    {
        var handler = ShopWebhooks.For(ShopPlatform.WooCommerce);

        Assert.Equal(SignatureCheck.Missing, handler.Verify(PlatformWebhooks.WooPing().ToInbound(), Fixtures.Secret, Fixtures.Now));
        Assert.False(handler.IsPing(SampleWebhooks.Order(ShopPlatform.WooCommerce).ToInbound()));
    }

    [Theory]
    [InlineData(ShopPlatform.Shopify)]
    [InlineData(ShopPlatform.Shopware)]
    [InlineData(ShopPlatform.WooCommerce)]
    public void Each_platform_has_its_webhooks(ShopPlatform platform) => Assert.Equal(platform, ShopWebhooks.For(platform).Platform);
}
