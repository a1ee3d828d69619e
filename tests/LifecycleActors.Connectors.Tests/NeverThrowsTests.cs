using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

/// <summary>Map and Verify take whatever arrives: every prefix and many damaged copies of real bodies, without throwing.</summary>
public sealed class NeverThrowsTests
{
    public static TheoryData<ShopPlatform, string> Webhooks => new()
    {
        { ShopPlatform.Shopify, "order" },
        { ShopPlatform.Shopify, "updated" },
        { ShopPlatform.Shopify, "privacy" },
        { ShopPlatform.WooCommerce, "order" },
        { ShopPlatform.Shopware, "order" },
        { ShopPlatform.Shopware, "refunded" },
        { ShopPlatform.Shopware, "unsubscribe" },
    };

    [Theory]
    [MemberData(nameof(Webhooks))]
    public void Every_prefix_of_a_body_maps_or_is_unmappable_without_throwing(ShopPlatform platform, string kind)
    {
        var webhook = Webhook(platform, kind);
        var full = webhook.Map(platform);
        Assert.NotEqual(MappingKind.Unmappable, full.Kind);

        for (var length = 0; length < webhook.Body.Length; length++)
        {
            var result = ShopWebhooks.For(platform).Map(new InboundWebhook(webhook.Headers, webhook.Body.AsMemory(0, length)), Fixtures.ByPlatformId);

            Assert.Equal(MappingKind.Unmappable, result.Kind);
            Assert.Equal("body", result.Field);
        }
    }

    [Theory]
    [MemberData(nameof(Webhooks))]
    public void Damaged_bodies_never_make_map_or_verify_throw(ShopPlatform platform, string kind)
    {
        var webhook = Webhook(platform, kind);
        var random = new Random(20261123);
        byte[] replacements = [.. "{}[]\":,-.0123456789eEtrufalsn \\"u8, 0x00, 0x80, 0xC3, 0xFF];
        var handler = ShopWebhooks.For(platform);

        for (var round = 0; round < 2000; round++)
        {
            var body = webhook.Body.ToArray();
            for (var change = random.Next(1, 4); change > 0; change--)
            {
                var offset = random.Next(body.Length);
                var replacement = replacements[random.Next(replacements.Length)];
                body[offset] = replacement == body[offset] ? (byte)(replacement ^ 0x01) : replacement;
            }

            var inbound = new InboundWebhook(webhook.Headers, body);
            var result = handler.Map(inbound, round % 2 == 0 ? Fixtures.ByPlatformId : Fixtures.ByEmail);

            Assert.True(result.Kind != MappingKind.Unmappable || (result.Field is not null && result.Error!.StartsWith(result.Field + ": ", StringComparison.Ordinal)));
            var changed = !body.AsSpan().SequenceEqual(webhook.Body);
            Assert.Equal(changed, handler.Verify(inbound, Fixtures.Secret, Fixtures.Now) != SignatureCheck.Valid);
        }
    }

    internal static SignedWebhook Webhook(ShopPlatform platform, string kind)
    {
        var at = Fixtures.Now.AddHours(-1);
        return (platform, kind) switch
        {
            (ShopPlatform.Shopify, "updated") => PlatformWebhooks.ShopifyOrder(
                Fixtures.Secret, 5550001234L, 7390123L, "ada@example.com", "80.00", at, "orders/updated", refunds: [new(9001, at, [new("5.00"), new("1.00")])]),
            (ShopPlatform.Shopify, "privacy") => PlatformWebhooks.ShopifyPrivacy(Fixtures.Secret, "customers/data_request", 7390123L, "ada@example.com", [1, 2], 77),
            (ShopPlatform.Shopware, "refunded") => PlatformWebhooks.ShopwareOrder(
                Fixtures.Secret, "state_enter.order_transaction.state.refunded", "ab12", "cd34", false, "ada@example.com", 10m, "EUR", at, Fixtures.NowSeconds),
            (ShopPlatform.Shopware, "unsubscribe") => PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", "ada@example.com", "cd34", at, at, Fixtures.NowSeconds),
            _ => SampleWebhooks.Order(platform),
        };
    }
}
