using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class ShopifyMappingTests
{
    private const long OrderId = 5550001234L;
    private const long CustomerId = 7390123L;
    private const string Email = "ada@example.com";

    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 23, 4, 30, 0, TimeSpan.FromHours(-5));

    [Theory]
    [InlineData("orders/create")]
    [InlineData("orders/paid")]
    [InlineData("orders/updated")]
    public void Each_order_topic_places_the_order_with_its_original_gross_total(string topic)
    {
        var placed = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "1234567.89", CreatedAt, topic, currency: "CHF")
            .Map(ShopPlatform.Shopify).Single();

        Assert.Equal($"shopify:order:{OrderId}", placed.Id);
        Assert.Equal(ConnectorEventTypes.OrderPlaced, placed.Type);
        Assert.Equal($"shopify-{CustomerId}", placed.CustomerId);
        Assert.Equal(OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), placed.OrderId);
        Assert.Equal(1234567.89m, placed.Amount);
        Assert.Equal("CHF", placed.Currency);
        Assert.Equal(CreatedAt, placed.OccurredAt);
    }

    [Fact]
    public void The_amount_is_total_price_not_the_current_total_after_refunds()
    {
        var webhook = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "80.00", CreatedAt)
            .EditedJson(order => order["current_total_price"] = "30.00");

        Assert.Equal(80.00m, webhook.Map(ShopPlatform.Shopify).Single().Amount);
    }

    [Fact]
    public void Order_ids_beyond_int32_and_double_precision_are_kept_exactly()
    {
        const long huge = 9_007_199_254_740_993L;

        var placed = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, huge, CustomerId, Email, "1.00", CreatedAt).Map(ShopPlatform.Shopify).Single();

        Assert.Equal("9007199254740993", placed.OrderId);
        Assert.Equal("shopify:order:9007199254740993", placed.Id);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_customers_order_is_keyed_by_the_connectors_mode(CustomerKeyMode mode)
    {
        var placed = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, "  Ada@Example.COM ", "10.00", CreatedAt)
            .Map(ShopPlatform.Shopify, Fixtures.Keying(mode)).Single();

        var expected = mode == CustomerKeyMode.PlatformId ? $"shopify-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email);
        Assert.Equal(expected, placed.CustomerId);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_guest_order_is_keyed_by_the_e_mail_in_either_mode(CustomerKeyMode mode)
    {
        var placed = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, null, " ADA@example.com", "10.00", CreatedAt)
            .Map(ShopPlatform.Shopify, Fixtures.Keying(mode)).Single();

        Assert.Equal(Fixtures.ByEmail.EmailKey(Email), placed.CustomerId);
        Assert.StartsWith(CustomerKeying.EmailPrefix, placed.CustomerId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("contact_email")]
    public void A_guest_e_mail_is_taken_from_either_field(string field)
    {
        var webhook = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, null, null, "10.00", CreatedAt)
            .EditedJson(order => order[field] = Email);

        Assert.Equal(Fixtures.ByEmail.EmailKey(Email), webhook.Map(ShopPlatform.Shopify).Single().CustomerId);
    }

    [Fact]
    public void A_test_order_is_ignored()
    {
        var result = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "10.00", CreatedAt, test: true).Map(ShopPlatform.Shopify);

        Assert.Equal(MappingKind.Ignored, result.Kind);
        Assert.Equal("test order", result.Reason);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("authorized")]
    [InlineData("voided")]
    public void An_update_of_an_unpaid_order_places_nothing(string financialStatus)
    {
        var result = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "10.00", CreatedAt, "orders/updated", financialStatus: financialStatus)
            .Map(ShopPlatform.Shopify);

        Assert.Equal(MappingKind.Ignored, result.Kind);
        Assert.Empty(result.Events);
    }

    [Theory]
    [InlineData("orders/create")]
    [InlineData("orders/paid")]
    public void Only_an_update_looks_at_the_financial_status(string topic)
    {
        var placed = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "10.00", CreatedAt, topic, financialStatus: "pending")
            .Map(ShopPlatform.Shopify).Single();

        Assert.Equal(ConnectorEventTypes.OrderPlaced, placed.Type);
    }

    [Fact]
    public void A_rereceived_refund_maps_to_the_same_event()
    {
        var first = PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9001, OrderId, CreatedAt, new ShopifyTransaction("4.20"));
        var again = PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9001, OrderId, CreatedAt, new ShopifyTransaction("4.20"));

        Assert.NotEqual(first.Header("X-Shopify-Webhook-Id"), again.Header("X-Shopify-Webhook-Id"));
        Assert.Equal(first.Map(ShopPlatform.Shopify).Single(), again.Map(ShopPlatform.Shopify).Single());
    }

    [Fact]
    public void An_update_with_refunds_maps_each_refund_with_the_orders_customer()
    {
        var firstAt = CreatedAt.AddDays(2);
        var secondAt = CreatedAt.AddDays(5);
        ShopifyRefundEntry[] refunds =
        [
            new(9001, firstAt, [new("5.00"), new("2.50")]),
            new(9002, secondAt, [new("10.00"), new("99.00", Status: "failure"), new("1.00", Kind: "sale")]),
        ];

        var result = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "80.00", CreatedAt, "orders/updated", financialStatus: "partially_refunded", refunds: refunds)
            .Map(ShopPlatform.Shopify, Fixtures.ByEmail);

        Assert.Equal(MappingKind.Events, result.Kind);
        Assert.Collection(
            result.Events,
            placed => Assert.Equal((ConnectorEventTypes.OrderPlaced, 80.00m), (placed.Type, placed.Amount!.Value)),
            first =>
            {
                Assert.Equal(("shopify:refund:9001", ConnectorEventTypes.OrderRefunded, 7.50m, firstAt), (first.Id, first.Type, first.Amount!.Value, first.OccurredAt));
                Assert.Equal(Fixtures.ByEmail.EmailKey(Email), first.CustomerId);
                Assert.Equal($"{OrderId}", first.OrderId);
            },
            second => Assert.Equal(("shopify:refund:9002", 10.00m, secondAt), (second.Id, second.Amount!.Value, second.OccurredAt)));
    }

    [Fact]
    public void A_voided_order_with_a_refund_maps_only_the_refund()
    {
        var result = PlatformWebhooks.ShopifyOrder(
                Fixtures.Secret, OrderId, CustomerId, Email, "80.00", CreatedAt, "orders/updated", financialStatus: "voided",
                refunds: [new(9001, CreatedAt.AddHours(1), [new("80.00")])])
            .Map(ShopPlatform.Shopify);

        var refunded = result.Single();
        Assert.Equal(ConnectorEventTypes.OrderRefunded, refunded.Type);
        Assert.Equal($"shopify-{CustomerId}", refunded.CustomerId);
    }

    [Fact]
    public void A_refund_names_the_order_but_not_the_customer()
    {
        var at = CreatedAt.AddDays(1);

        var refunded = PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9001, OrderId, at, new ShopifyTransaction("12.34"), new ShopifyTransaction("0.66"))
            .Map(ShopPlatform.Shopify).Single();

        Assert.Equal(("shopify:refund:9001", ConnectorEventTypes.OrderRefunded, $"{OrderId}", 13.00m, at), (refunded.Id, refunded.Type, refunded.OrderId, refunded.Amount!.Value, refunded.OccurredAt));
        Assert.Null(refunded.CustomerId);
        Assert.Null(refunded.Currency);
    }

    [Fact]
    public void A_refund_topic_and_the_orders_update_map_the_same_refund_to_the_same_event_id()
    {
        var at = CreatedAt.AddDays(1);
        var fromTopic = PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9001, OrderId, at, new ShopifyTransaction("5.00")).Map(ShopPlatform.Shopify).Single();
        var fromOrder = PlatformWebhooks.ShopifyOrder(
                Fixtures.Secret, OrderId, CustomerId, Email, "80.00", CreatedAt, "orders/updated", refunds: [new(9001, at, [new("5.00")])])
            .Map(ShopPlatform.Shopify).Events.Single(e => e.Type == ConnectorEventTypes.OrderRefunded);

        Assert.Equal(fromTopic.Id, fromOrder.Id);
        Assert.Equal(fromTopic with { CustomerId = fromOrder.CustomerId }, fromOrder);
    }

    [Theory]
    [InlineData("0.00")]
    [InlineData(null)]
    public void A_refund_of_nothing_is_ignored(string? amount)
    {
        ShopifyTransaction[] transactions = amount is null ? [new("5.00", Status: "failure")] : [new(amount)];

        var result = PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9001, OrderId, CreatedAt, transactions).Map(ShopPlatform.Shopify);

        Assert.Equal(MappingKind.Ignored, result.Kind);
        Assert.Equal("nothing refunded", result.Reason);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_new_customer_signs_up(CustomerKeyMode mode)
    {
        var signup = PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, CustomerId, Email, CreatedAt).Map(ShopPlatform.Shopify, Fixtures.Keying(mode)).Single();

        Assert.Equal(($"shopify:signup:{CustomerId}", ConnectorEventTypes.Signup, CreatedAt), (signup.Id, signup.Type, signup.OccurredAt));
        Assert.Equal(mode == CustomerKeyMode.PlatformId ? $"shopify-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email), signup.CustomerId);
        Assert.Null(signup.Amount);
    }

    [Theory]
    [InlineData("customers_email_marketing_consent/update")]
    [InlineData("customers/email_marketing_consent_update")]
    public void An_unsubscription_from_e_mail_marketing_is_unsubscribed(string topic)
    {
        var at = CreatedAt.AddDays(9);

        var unsubscribed = PlatformWebhooks.ShopifyConsent(Fixtures.Secret, CustomerId, Email, "unsubscribed", at, topic).Map(ShopPlatform.Shopify).Single();

        Assert.Equal(ConnectorEventTypes.Unsubscribed, unsubscribed.Type);
        Assert.Equal($"shopify-{CustomerId}", unsubscribed.CustomerId);
        Assert.Equal(at, unsubscribed.OccurredAt);
        Assert.StartsWith($"shopify:unsubscribed:{CustomerId}:", unsubscribed.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_consent_topics_and_the_customer_update_map_one_unsubscription_to_one_event_id()
    {
        var at = CreatedAt.AddDays(9);
        var ids = new[]
        {
            PlatformWebhooks.ShopifyConsent(Fixtures.Secret, CustomerId, Email, "unsubscribed", at).Map(ShopPlatform.Shopify).Single().Id,
            PlatformWebhooks.ShopifyConsent(Fixtures.Secret, CustomerId, Email, "unsubscribed", at, "customers/email_marketing_consent_update").Map(ShopPlatform.Shopify).Single().Id,
            PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, CustomerId, Email, CreatedAt, "customers/update", "unsubscribed", at).Map(ShopPlatform.Shopify).Single().Id,
        };
        var later = PlatformWebhooks.ShopifyConsent(Fixtures.Secret, CustomerId, Email, "unsubscribed", at.AddDays(30)).Map(ShopPlatform.Shopify).Single().Id;

        Assert.Single(ids.Distinct());
        Assert.NotEqual(ids[0], later);
    }

    [Fact]
    public void A_customer_update_without_a_consent_time_uses_the_updated_time()
    {
        var updatedAt = CreatedAt.AddDays(4);

        var unsubscribed = PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, CustomerId, Email, CreatedAt, "customers/update", "unsubscribed", null, updatedAt)
            .Map(ShopPlatform.Shopify).Single();

        Assert.Equal(updatedAt, unsubscribed.OccurredAt);
    }

    [Theory]
    [InlineData("subscribed")]
    [InlineData("not_subscribed")]
    [InlineData("pending")]
    [InlineData("redacted")]
    public void Other_consent_states_are_ignored(string state) =>
        Assert.Equal(MappingKind.Ignored, PlatformWebhooks.ShopifyConsent(Fixtures.Secret, CustomerId, Email, state, CreatedAt).Map(ShopPlatform.Shopify).Kind);

    [Fact]
    public void A_customer_update_without_consent_is_ignored() =>
        Assert.Equal(MappingKind.Ignored, PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, CustomerId, Email, CreatedAt, "customers/update").Map(ShopPlatform.Shopify).Kind);

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId, true)]
    [InlineData(CustomerKeyMode.PlatformId, false)]
    [InlineData(CustomerKeyMode.EmailHash, true)]
    public void A_checkout_starts_with_its_value(CustomerKeyMode mode, bool known)
    {
        var started = PlatformWebhooks.ShopifyCheckout(Fixtures.Secret, "0f3a9c2e7b1d4e5f8a6b9c0d1e2f3a4b", known ? CustomerId : null, Email, "42.00", CreatedAt)
            .Map(ShopPlatform.Shopify, Fixtures.Keying(mode)).Single();

        Assert.Equal(("shopify:checkout:0f3a9c2e7b1d4e5f8a6b9c0d1e2f3a4b", ConnectorEventTypes.CheckoutStarted, 42.00m, CreatedAt), (started.Id, started.Type, started.Value!.Value, started.OccurredAt));
        Assert.Equal(mode == CustomerKeyMode.PlatformId && known ? $"shopify-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email), started.CustomerId);
        Assert.Null(started.Amount);
    }

    [Fact]
    public void A_checkout_without_a_value_starts_without_one() =>
        Assert.Null(PlatformWebhooks.ShopifyCheckout(Fixtures.Secret, "tok1", CustomerId, Email, null, CreatedAt).Map(ShopPlatform.Shopify).Single().Value);

    [Fact]
    public void An_anonymous_checkout_is_ignored()
    {
        var result = PlatformWebhooks.ShopifyCheckout(Fixtures.Secret, "tok1", null, null, "42.00", CreatedAt).Map(ShopPlatform.Shopify);

        Assert.Equal(MappingKind.Ignored, result.Kind);
        Assert.Equal("anonymous checkout", result.Reason);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_customer_redaction_is_a_privacy_request_with_ids_only(CustomerKeyMode mode)
    {
        var result = PlatformWebhooks.ShopifyPrivacy(Fixtures.Secret, "customers/redact", CustomerId, " Ada@Example.com", [OrderId, 5550001235L])
            .Map(ShopPlatform.Shopify, Fixtures.Keying(mode));

        Assert.Equal(MappingKind.Privacy, result.Kind);
        var request = result.Privacy!;
        Assert.Equal("customers/redact", request.Topic);
        Assert.Equal(mode == CustomerKeyMode.PlatformId ? $"shopify-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email), request.CustomerId);
        Assert.Equal(Fixtures.ByEmail.EmailKey(Email), request.EmailCustomerId);
        Assert.Equal([$"{OrderId}", "5550001235"], request.OrderIds);
        Assert.Null(request.RequestId);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_data_request_carries_its_id_and_the_orders_requested()
    {
        var request = PlatformWebhooks.ShopifyPrivacy(Fixtures.Secret, "customers/data_request", CustomerId, null, [OrderId], requestId: 9999)
            .Map(ShopPlatform.Shopify).Privacy!;

        Assert.Equal(("9999", $"shopify-{CustomerId}"), (request.RequestId, request.CustomerId));
        Assert.Null(request.EmailCustomerId);
        Assert.Equal([$"{OrderId}"], request.OrderIds);
    }

    [Fact]
    public void A_shop_redaction_names_no_customer()
    {
        var request = PlatformWebhooks.ShopifyPrivacy(Fixtures.Secret, "shop/redact", null, null, []).Map(ShopPlatform.Shopify).Privacy!;

        Assert.Equal(("shop/redact", null, null), (request.Topic, request.CustomerId, request.EmailCustomerId));
        Assert.Empty(request.OrderIds);
    }

    [Theory]
    [InlineData("products/update")]
    [InlineData("orders/cancelled")]
    [InlineData("app/uninstalled")]
    public void Other_topics_are_not_used(string topic)
    {
        var result = PlatformWebhooks.ShopifyOrder(Fixtures.Secret, OrderId, CustomerId, Email, "10.00", CreatedAt, topic).Map(ShopPlatform.Shopify);

        Assert.Equal((MappingKind.Ignored, "topic not used", topic), (result.Kind, result.Reason, result.Topic));
    }

    [Fact]
    public void A_webhook_without_a_topic_is_unmappable()
    {
        var result = SampleWebhooks.Order(ShopPlatform.Shopify).WithHeader(ShopifyWebhooks.TopicHeader, null).Map(ShopPlatform.Shopify);

        Assert.Equal((MappingKind.Unmappable, ShopifyWebhooks.TopicHeader, ""), (result.Kind, result.Field, result.Topic));
    }
}
