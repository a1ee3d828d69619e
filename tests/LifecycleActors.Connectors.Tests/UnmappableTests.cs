using System.Text;
using System.Text.Json.Nodes;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class UnmappableTests
{
    private static readonly DateTimeOffset At = Fixtures.Now.AddHours(-1);

    /// <summary>A field set to a value (JSON text) or removed (null), and the field the mapping must name.</summary>
    public static TheoryData<ShopPlatform, string, string, string?> FieldCases => new()
    {
        { ShopPlatform.Shopify, "orders/create", "id", null },
        { ShopPlatform.Shopify, "orders/create", "id", "true" },
        { ShopPlatform.Shopify, "orders/create", "id", "-5" },
        { ShopPlatform.Shopify, "orders/create", "id", "1.5" },
        { ShopPlatform.Shopify, "orders/create", "id", "123456789012345678901234567890" },
        { ShopPlatform.Shopify, "orders/create", "id", "\"has spaces in it\"" },
        { ShopPlatform.Shopify, "orders/create", "total_price", null },
        { ShopPlatform.Shopify, "orders/create", "total_price", "\"abc\"" },
        { ShopPlatform.Shopify, "orders/create", "total_price", "\"1,5\"" },
        { ShopPlatform.Shopify, "orders/create", "total_price", "\"-1.00\"" },
        { ShopPlatform.Shopify, "orders/create", "total_price", "\"99999999999999999999999999999999\"" },
        { ShopPlatform.Shopify, "orders/create", "total_price", "1e400" },
        { ShopPlatform.Shopify, "orders/create", "total_price", "{\"amount\":\"1.00\"}" },
        { ShopPlatform.Shopify, "orders/create", "created_at", null },
        { ShopPlatform.Shopify, "orders/create", "created_at", "\"2026-11-23 10:00\"" },
        { ShopPlatform.Shopify, "orders/create", "created_at", "\"2026-11-23T10:00:00\"" },
        { ShopPlatform.Shopify, "orders/create", "customer", "\"7390123\"" },
        { ShopPlatform.Shopify, "orders/create", "test", "\"yes\"" },
        { ShopPlatform.Shopify, "orders/updated", "refunds", "{}" },
        { ShopPlatform.Shopify, "orders/updated", "refunds[0].transactions[1].amount", "\"ten\"" },
        { ShopPlatform.Shopify, "orders/updated", "refunds[0].transactions[0].amount", "\"-3.00\"" },
        { ShopPlatform.Shopify, "orders/updated", "refunds[0].id", null },
        { ShopPlatform.Shopify, "orders/updated", "refunds[0].created_at", "12" },
        { ShopPlatform.Shopify, "refunds/create", "order_id", null },
        { ShopPlatform.Shopify, "refunds/create", "transactions[0].amount", "\"1.5.0\"" },
        { ShopPlatform.Shopify, "refunds/create", "transactions", "\"none\"" },
        { ShopPlatform.Shopify, "customers/create", "id", null },
        { ShopPlatform.Shopify, "customers/create", "created_at", "\"yesterday\"" },
        { ShopPlatform.Shopify, "customers_email_marketing_consent/update", "customer_id", null },
        { ShopPlatform.Shopify, "customers_email_marketing_consent/update", "email_marketing_consent.consent_updated_at", null },
        { ShopPlatform.Shopify, "customers_email_marketing_consent/update", "email_marketing_consent", "\"unsubscribed\"" },
        { ShopPlatform.Shopify, "checkouts/create", "token", null },
        { ShopPlatform.Shopify, "checkouts/create", "total_price", "\"-0.01\"" },
        { ShopPlatform.Shopify, "customers/redact", "orders_to_redact[1]", "\"two words\"" },
        { ShopPlatform.Shopify, "customers/redact", "orders_to_redact", "5550001234" },
        { ShopPlatform.WooCommerce, "order.updated", "id", null },
        { ShopPlatform.WooCommerce, "order.updated", "id", "[]" },
        { ShopPlatform.WooCommerce, "order.updated", "total", "\"abc\"" },
        { ShopPlatform.WooCommerce, "order.updated", "total", "\"-10.00\"" },
        { ShopPlatform.WooCommerce, "order.updated", "total", "null" },
        { ShopPlatform.WooCommerce, "order.updated", "status", "5" },
        { ShopPlatform.WooCommerce, "order.updated", "date_created_gmt", null },
        { ShopPlatform.WooCommerce, "order.updated", "date_created_gmt", "\"23/11/2026\"" },
        { ShopPlatform.WooCommerce, "order.updated", "date_modified_gmt", null },
        { ShopPlatform.WooCommerce, "order.updated", "refunds[1].total", "\"minus five\"" },
        { ShopPlatform.WooCommerce, "order.updated", "refunds[0].id", null },
        { ShopPlatform.WooCommerce, "order.updated", "refunds", "\"-5.00\"" },
        { ShopPlatform.WooCommerce, "order.updated", "billing", "\"ada@example.com\"" },
        { ShopPlatform.WooCommerce, "customer.created", "id", null },
        { ShopPlatform.WooCommerce, "customer.created", "date_created_gmt", "false" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.id", null },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.id", "\"0190a1b2c3d4e5f60718293a4b5c6d7e0190a1b2c3d4e5f60718293a4b5c6d7e\"" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.amountTotal", null },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.amountTotal", "\"lots\"" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.amountTotal", "-0.5" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.amountTotal", "1e300" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.amountTotal", "true" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.orderDateTime", null },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.currency", "\"EUR\"" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order.orderCustomer.customer.guest", "\"no\"" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload.order", "[]" },
        { ShopPlatform.Shopware, "checkout.order.placed", "data.payload", "\"order\"" },
        { ShopPlatform.Shopware, "state_enter.order_transaction.state.refunded", "timestamp", null },
        { ShopPlatform.Shopware, "state_enter.order_transaction.state.refunded", "data.payload.order.transactions", "[]" },
        { ShopPlatform.Shopware, "state_enter.order_transaction.state.refunded", "data.payload.order.transactions[0].amount.totalPrice", "\"x\"" },
        { ShopPlatform.Shopware, "state_enter.order_transaction.state.refunded", "data.payload.order.transactions[0].id", null },
        { ShopPlatform.Shopware, "checkout.customer.register", "data.payload.customer.id", null },
        { ShopPlatform.Shopware, "checkout.customer.register", "data.payload.customer.createdAt", "\"2026-11-23\"" },
        { ShopPlatform.Shopware, "newsletter.unsubscribe", "data.payload.newsletterRecipient.email", null },
        { ShopPlatform.Shopware, "newsletter.unsubscribe", "data.payload.newsletterRecipient.id", "{}" },
    };

    [Theory]
    [MemberData(nameof(FieldCases))]
    public void A_bad_field_is_unmappable_naming_that_field(ShopPlatform platform, string topic, string field, string? json)
    {
        var webhook = Webhook(platform, topic).EditedJson(root =>
        {
            if (json is null)
            {
                JsonPaths.Remove(root, field);
            }
            else
            {
                JsonPaths.Set(root, field, JsonNode.Parse(json));
            }
        });

        var result = webhook.Map(platform);

        Assert.Equal((MappingKind.Unmappable, field, topic), (result.Kind, result.Field, result.Topic));
        Assert.StartsWith(field + ": ", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Events);
    }

    /// <summary>Bodies that are not a JSON object at all, as text (or Latin-1 bytes for the invalid UTF-8).</summary>
    public static TheoryData<ShopPlatform, string> BrokenBodies
    {
        get
        {
            var data = new TheoryData<ShopPlatform, string>();
            foreach (var platform in new[] { ShopPlatform.Shopify, ShopPlatform.WooCommerce, ShopPlatform.Shopware })
            {
                foreach (var body in new[] { "", "not json", "{", "{\"id\": 1,}", "[]", "null", "\"text\"", "{} {}", "{\"a\":\"\u00ff\"}", "truncated", "deep" })
                {
                    data.Add(platform, body);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BrokenBodies))]
    public void A_body_that_is_not_a_json_object_is_unmappable_naming_the_body(ShopPlatform platform, string kind)
    {
        var sample = SampleWebhooks.Order(platform);
        var body = kind switch
        {
            "truncated" => sample.Body[..(sample.Body.Length / 2)],
            "deep" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200)),
            "{\"a\":\"\u00ff\"}" => Encoding.Latin1.GetBytes(kind),
            _ => Encoding.UTF8.GetBytes(kind),
        };

        var result = PlatformWebhooks.Resigned(sample, Fixtures.Secret, body).Map(platform);

        Assert.Equal((MappingKind.Unmappable, "body"), (result.Kind, result.Field));
        Assert.StartsWith("body: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId, "customer.id")]
    [InlineData(CustomerKeyMode.EmailHash, "email")]
    public void A_shopify_order_without_any_customer_identity_names_the_field_the_mode_needs(CustomerKeyMode mode, string field)
    {
        var result = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, 1, null, null, "1.00", At).Map(ShopPlatform.Shopify, Fixtures.Keying(mode));

        Assert.Equal((MappingKind.Unmappable, field), (result.Kind, result.Field));
    }

    [Fact]
    public void In_email_hash_mode_a_customer_without_an_e_mail_is_unmappable()
    {
        var result = PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, 42, null, At).Map(ShopPlatform.Shopify, Fixtures.ByEmail);

        Assert.Equal((MappingKind.Unmappable, "email"), (result.Kind, result.Field));
        Assert.Equal("shopify-42", PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, 42, null, At).Map(ShopPlatform.Shopify).Single().CustomerId);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_woocommerce_guest_without_an_e_mail_names_the_billing_e_mail(CustomerKeyMode mode)
    {
        var result = PlatformWebhooks.WooOrder(Fixtures.Secret, 1, 0, " ", "processing", "1.00", At, At).Map(ShopPlatform.WooCommerce, Fixtures.Keying(mode));

        Assert.Equal((MappingKind.Unmappable, "billing.email"), (result.Kind, result.Field));
    }

    [Fact]
    public void A_shopware_guest_without_an_e_mail_names_the_order_customers_e_mail()
    {
        var result = PlatformWebhooks.ShopwareOrder(Fixtures.Secret, "checkout.order.placed", "ab12", "cd34", true, null, 1m, "EUR", At, Fixtures.NowSeconds)
            .Map(ShopPlatform.Shopware);

        Assert.Equal((MappingKind.Unmappable, "data.payload.order.orderCustomer.email"), (result.Kind, result.Field));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("\"\"")]
    [InlineData("42")]
    [InlineData("{\"name\":\"checkout.order.placed\"}")]
    public void A_shopware_webhook_without_an_event_name_is_unmappable(string? eventName)
    {
        var webhook = SampleWebhooks.Order(ShopPlatform.Shopware).EditedJson(root =>
        {
            root["data"]!.AsObject().Remove("event");
            if (eventName is not null)
            {
                root["data"]!["event"] = JsonNode.Parse(eventName);
            }
        });

        var result = webhook.Map(ShopPlatform.Shopware);

        Assert.Equal((MappingKind.Unmappable, "data.event", ""), (result.Kind, result.Field, result.Topic));
    }

    [Fact]
    public void A_woocommerce_webhook_without_a_topic_is_unmappable()
    {
        var result = SampleWebhooks.Order(ShopPlatform.WooCommerce).WithHeader(WooCommerceWebhooks.TopicHeader, null).Map(ShopPlatform.WooCommerce);

        Assert.Equal((MappingKind.Unmappable, WooCommerceWebhooks.TopicHeader), (result.Kind, result.Field));
    }

    [Theory]
    [InlineData(ShopPlatform.Shopify, "products/update")]
    [InlineData(ShopPlatform.WooCommerce, "product.updated")]
    public void A_topic_that_is_not_used_is_ignored_whatever_its_body(ShopPlatform platform, string topic)
    {
        var header = platform == ShopPlatform.Shopify ? ShopifyWebhooks.TopicHeader : WooCommerceWebhooks.TopicHeader;
        var webhook = PlatformWebhooks.Resigned(SampleWebhooks.Order(platform), Fixtures.Secret, "not json"u8.ToArray()).WithHeader(header, topic);

        Assert.Equal(MappingKind.Ignored, webhook.Map(platform).Kind);
    }

    private static SignedWebhook Webhook(ShopPlatform platform, string topic) => (platform, topic) switch
    {
        (ShopPlatform.Shopify, "orders/create") => PlatformWebhooks.ShopifyOrder(Fixtures.Secret, 5550001234L, 7390123L, "ada@example.com", "10.00", At),
        (ShopPlatform.Shopify, "orders/updated") => PlatformWebhooks.ShopifyOrder(
            Fixtures.Secret, 5550001234L, 7390123L, "ada@example.com", "10.00", At, topic, refunds: [new(9001, At, [new("1.00"), new("2.00")])]),
        (ShopPlatform.Shopify, "refunds/create") => PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9001, 5550001234L, At, new ShopifyTransaction("1.00")),
        (ShopPlatform.Shopify, "customers/create") => PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, 7390123L, "ada@example.com", At),
        (ShopPlatform.Shopify, "customers_email_marketing_consent/update") => PlatformWebhooks.ShopifyConsent(Fixtures.Secret, 7390123L, "ada@example.com", "unsubscribed", At),
        (ShopPlatform.Shopify, "checkouts/create") => PlatformWebhooks.ShopifyCheckout(Fixtures.Secret, "tok1", 7390123L, "ada@example.com", "10.00", At),
        (ShopPlatform.Shopify, "customers/redact") => PlatformWebhooks.ShopifyPrivacy(Fixtures.Secret, topic, 7390123L, "ada@example.com", [1, 2]),
        (ShopPlatform.WooCommerce, "order.updated") => PlatformWebhooks.WooOrder(
            Fixtures.Secret, 4711, 0, "ada@example.com", "processing", "29.35", At, At, [new(801, "-5.00"), new(802, "-1.00")]),
        (ShopPlatform.WooCommerce, "customer.created") => PlatformWebhooks.WooCustomer(Fixtures.Secret, 77, "ada@example.com", At),
        (ShopPlatform.Shopware, "newsletter.unsubscribe") => PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", "ada@example.com", null, At, At, Fixtures.NowSeconds),
        (ShopPlatform.Shopware, "checkout.customer.register") => PlatformWebhooks.ShopwareCustomer(Fixtures.Secret, "cd34", "ada@example.com", false, At, Fixtures.NowSeconds),
        (ShopPlatform.Shopware, _) => PlatformWebhooks.ShopwareOrder(Fixtures.Secret, topic, "ab12", "cd34", false, "ada@example.com", 10m, "EUR", At, Fixtures.NowSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(topic)),
    };
}
