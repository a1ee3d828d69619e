using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class WooCommerceMappingTests
{
    private const long OrderId = 4711;
    private const long CustomerId = 12;
    private const string Email = "ada@example.com";

    private static readonly DateTimeOffset Created = new(2026, 11, 23, 9, 15, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset Paid = Created.AddMinutes(2);
    private static readonly DateTimeOffset Modified = Created.AddDays(3);

    [Theory]
    [InlineData("processing", false)]
    [InlineData("completed", false)]
    [InlineData("on-hold", false)]
    [InlineData("refunded", false)]
    [InlineData("pending", true)]
    [InlineData("cancelled", true)]
    public void An_order_is_placed_once_its_status_says_so_or_it_was_paid(string status, bool paid)
    {
        var placed = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, status, "29.35", Created, paid ? Paid : null, currency: "GBP")
            .Map(ShopPlatform.WooCommerce).Single();

        Assert.Equal(($"woocommerce:order:{OrderId}", ConnectorEventTypes.OrderPlaced, $"{OrderId}"), (placed.Id, placed.Type, placed.OrderId));
        Assert.Equal((29.35m, "GBP", $"woocommerce-{CustomerId}"), (placed.Amount!.Value, placed.Currency, placed.CustomerId));
        Assert.Equal(Created, placed.OccurredAt);
    }

    [Fact]
    public void Gmt_times_without_a_zone_are_read_as_utc_not_as_the_sites_local_time()
    {
        var webhook = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "10.00", Created, Paid);

        Assert.Contains($"\"date_created_gmt\":\"{Created:yyyy-MM-dd'T'HH:mm:ss}\"", webhook.BodyText, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, webhook.Map(ShopPlatform.WooCommerce).Single().OccurredAt.Offset);
        Assert.Equal(Created, webhook.Map(ShopPlatform.WooCommerce).Single().OccurredAt);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("cancelled")]
    [InlineData("checkout-draft")]
    public void An_unpaid_order_without_refunds_is_ignored(string status)
    {
        var result = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, status, "10.00", Created).Map(ShopPlatform.WooCommerce);

        Assert.Equal((MappingKind.Ignored, "order not paid"), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData("order.created")]
    [InlineData("order.updated")]
    public void Both_order_topics_map_one_order_to_the_same_event(string topic)
    {
        var other = topic == "order.created" ? "order.updated" : "order.created";

        var first = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "10.00", Created, Paid, topic: topic).Map(ShopPlatform.WooCommerce).Single();
        var second = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "completed", "10.00", Created, Paid, topic: other, modified: Modified)
            .Map(ShopPlatform.WooCommerce).Single();

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_guests_order_is_keyed_by_the_billing_e_mail(CustomerKeyMode mode)
    {
        var placed = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, 0, "\tADA@example.com ", "processing", "10.00", Created, Paid)
            .Map(ShopPlatform.WooCommerce, Fixtures.Keying(mode)).Single();

        Assert.Equal(Fixtures.ByEmail.EmailKey(Email), placed.CustomerId);
    }

    [Fact]
    public void In_email_hash_mode_a_customers_order_is_keyed_by_the_billing_e_mail()
    {
        var placed = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "10.00", Created, Paid).Map(ShopPlatform.WooCommerce, Fixtures.ByEmail).Single();

        Assert.Equal(Fixtures.ByEmail.EmailKey(Email), placed.CustomerId);
    }

    [Fact]
    public void Each_refund_of_an_order_is_its_own_event_with_the_positive_amount()
    {
        WooRefund[] refunds = [new(801, "-5.00", "damaged"), new(802, "-2.35")];

        var result = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "29.35", Created, Paid, refunds, modified: Modified)
            .Map(ShopPlatform.WooCommerce);

        Assert.Equal(MappingKind.Events, result.Kind);
        Assert.Collection(
            result.Events,
            placed => Assert.Equal(ConnectorEventTypes.OrderPlaced, placed.Type),
            first => Assert.Equal(("woocommerce:refund:801", ConnectorEventTypes.OrderRefunded, 5.00m, Modified, $"woocommerce-{CustomerId}", $"{OrderId}"), (first.Id, first.Type, first.Amount!.Value, first.OccurredAt, first.CustomerId, first.OrderId)),
            second => Assert.Equal(("woocommerce:refund:802", 2.35m), (second.Id, second.Amount!.Value)));
    }

    [Fact]
    public void Resending_an_order_with_one_more_refund_repeats_the_earlier_event_ids()
    {
        var before = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "29.35", Created, Paid, [new(801, "-5.00")], modified: Modified)
            .Map(ShopPlatform.WooCommerce).Events.Select(e => e.Id);
        var after = PlatformWebhooks.WooOrder(
                Fixtures.Secret, OrderId, CustomerId, Email, "refunded", "29.35", Created, Paid, [new(801, "-5.00"), new(802, "-24.35")], modified: Modified.AddDays(1))
            .Map(ShopPlatform.WooCommerce).Events.Select(e => e.Id);

        Assert.Equal([$"woocommerce:order:{OrderId}", "woocommerce:refund:801"], before);
        Assert.Equal([$"woocommerce:order:{OrderId}", "woocommerce:refund:801", "woocommerce:refund:802"], after);
    }

    [Fact]
    public void Refunds_of_an_order_that_is_no_longer_paid_still_map()
    {
        var result = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "cancelled", "29.35", Created, null, [new(801, "-29.35")], modified: Modified)
            .Map(ShopPlatform.WooCommerce);

        var refunded = result.Single();
        Assert.Equal((ConnectorEventTypes.OrderRefunded, 29.35m), (refunded.Type, refunded.Amount!.Value));
    }

    [Fact]
    public void A_refund_of_nothing_maps_nothing()
    {
        var result = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "cancelled", "29.35", Created, null, [new(801, "0.00")]).Map(ShopPlatform.WooCommerce);

        Assert.Equal((MappingKind.Ignored, "nothing refunded"), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_new_customer_signs_up(CustomerKeyMode mode)
    {
        var signup = PlatformWebhooks.WooCustomer(Fixtures.Secret, 77, "Ada@Example.com", Created).Map(ShopPlatform.WooCommerce, Fixtures.Keying(mode)).Single();

        Assert.Equal(("woocommerce:signup:77", ConnectorEventTypes.Signup, Created), (signup.Id, signup.Type, signup.OccurredAt));
        Assert.Equal(mode == CustomerKeyMode.PlatformId ? "woocommerce-77" : Fixtures.ByEmail.EmailKey(Email), signup.CustomerId);
    }

    [Theory]
    [InlineData("customer.updated")]
    [InlineData("order.deleted")]
    [InlineData("product.created")]
    [InlineData("action.woocommerce_order_refunded")]
    public void Other_topics_are_not_used(string topic)
    {
        var result = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "10.00", Created, Paid, topic: topic).Map(ShopPlatform.WooCommerce);

        Assert.Equal((MappingKind.Ignored, topic), (result.Kind, result.Topic));
    }

    [Fact]
    public void Php_escaped_slashes_in_the_body_are_read_as_slashes()
    {
        var webhook = PlatformWebhooks.WooOrder(Fixtures.Secret, OrderId, CustomerId, Email, "processing", "10.00", Created, Paid);

        Assert.Contains("https:\\/\\/shop.example\\/", webhook.BodyText, StringComparison.Ordinal);
        Assert.Equal(SignatureCheck.Valid, webhook.Verify(ShopPlatform.WooCommerce));
        Assert.Equal(MappingKind.Events, webhook.Map(ShopPlatform.WooCommerce).Kind);
    }
}
