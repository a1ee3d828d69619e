using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class ShopwareMappingTests
{
    private const string OrderId = "0190a1b2c3d4e5f60718293a4b5c6d7e";
    private const string CustomerId = "0190ffeeddccbbaa9988776655443322";
    private const string Email = "ada@example.com";
    private const string Placed = "checkout.order.placed";
    private const string Paid = "state_enter.order_transaction.state.paid";
    private const string Refunded = "state_enter.order_transaction.state.refunded";

    private static readonly DateTimeOffset At = new(2026, 11, 23, 11, 0, 0, TimeSpan.FromHours(1));

    private static SignedWebhook Order(string topic, decimal amount = 59.90m, bool? guest = false, string? currency = "EUR", IReadOnlyList<ShopwareTransaction>? transactions = null) =>
        PlatformWebhooks.ShopwareOrder(Fixtures.Secret, topic, OrderId, CustomerId, guest, Email, amount, currency, At, Fixtures.NowSeconds, transactions);

    [Theory]
    [InlineData(Placed)]
    [InlineData(Paid)]
    public void An_order_is_placed_by_either_event_under_one_id(string topic)
    {
        var placed = Order(topic, 1234.5678m, currency: "SEK").Map(ShopPlatform.Shopware).Single();

        Assert.Equal(($"shopware:order:{OrderId}", ConnectorEventTypes.OrderPlaced, OrderId), (placed.Id, placed.Type, placed.OrderId));
        Assert.Equal((1234.5678m, "SEK", $"shopware-{CustomerId}", At), (placed.Amount!.Value, placed.Currency, placed.CustomerId, placed.OccurredAt));
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("59.899999999999999")]
    [InlineData("1e3")]
    [InlineData("0")]
    public void Json_number_amounts_are_read_as_decimals_without_going_through_double(string json)
    {
        var webhook = Order(Placed).Edited(body => body.Replace("\"amountTotal\":59.90", $"\"amountTotal\":{json}", StringComparison.Ordinal));

        Assert.Equal(decimal.Parse(json, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), webhook.Map(ShopPlatform.Shopware).Single().Amount);
    }

    [Fact]
    public void An_order_without_a_currency_has_none()
    {
        var placed = Order(Placed, currency: null).Map(ShopPlatform.Shopware).Single();

        Assert.Null(placed.Currency);
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId, false)]
    [InlineData(CustomerKeyMode.PlatformId, true)]
    [InlineData(CustomerKeyMode.PlatformId, null)]
    [InlineData(CustomerKeyMode.EmailHash, false)]
    public void A_guest_is_keyed_by_the_e_mail_and_a_customer_by_the_connectors_mode(CustomerKeyMode mode, bool? guest)
    {
        var placed = Order(Placed, guest: guest).Map(ShopPlatform.Shopware, Fixtures.Keying(mode)).Single();

        var byId = mode == CustomerKeyMode.PlatformId && guest != true;
        Assert.Equal(byId ? $"shopware-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email), placed.CustomerId);
    }

    [Fact]
    public void A_full_refund_of_the_single_transaction_is_refunded_at_the_envelopes_time()
    {
        var refunded = Order(Refunded, 59.90m).Map(ShopPlatform.Shopware).Single();

        Assert.Equal(ConnectorEventTypes.OrderRefunded, refunded.Type);
        Assert.StartsWith($"shopware:refund:{OrderId}:", refunded.Id, StringComparison.Ordinal);
        Assert.Equal((59.90m, OrderId, $"shopware-{CustomerId}", Fixtures.Now), (refunded.Amount!.Value, refunded.OrderId, refunded.CustomerId, refunded.OccurredAt));
    }

    [Fact]
    public void Of_several_transactions_those_in_state_refunded_are_refunded()
    {
        ShopwareTransaction[] transactions = [new("aa11", 20m, "cancelled"), new("bb22", 30m, "refunded"), new("cc33", 9.90m, "paid")];

        var refunded = Order(Refunded, transactions: transactions).Map(ShopPlatform.Shopware).Single();

        Assert.Equal(($"shopware:refund:{OrderId}:bb22", 30m), (refunded.Id, refunded.Amount!.Value));
    }

    [Fact]
    public void Several_transactions_without_states_cannot_say_which_was_refunded()
    {
        ShopwareTransaction[] transactions = [new("aa11", 20m, "refunded"), new("bb22", 30m, "refunded")];
        var webhook = Order(Refunded, transactions: transactions).EditedJson(root =>
        {
            foreach (var t in root["data"]!["payload"]!["order"]!["transactions"]!.AsArray())
            {
                t!.AsObject().Remove("stateMachineState");
            }
        });

        var result = webhook.Map(ShopPlatform.Shopware);

        Assert.Equal(MappingKind.Ignored, result.Kind);
    }

    [Fact]
    public void A_single_transaction_without_an_amount_refunds_the_orders_total()
    {
        var refunded = Order(Refunded, 42.10m, transactions: [new("aa11", null, "refunded")]).Map(ShopPlatform.Shopware).Single();

        Assert.Equal(42.10m, refunded.Amount);
    }

    [Fact]
    public void A_rereceived_refund_keeps_its_event_id()
    {
        var first = Order(Refunded).Map(ShopPlatform.Shopware).Single();
        var again = PlatformWebhooks.ShopwareOrder(Fixtures.Secret, Refunded, OrderId, CustomerId, false, Email, 59.90m, "EUR", At, Fixtures.NowSeconds + 300)
            .Map(ShopPlatform.Shopware).Single();

        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public void A_partial_refund_is_ignored_because_its_amount_is_not_in_the_webhook()
    {
        var result = Order("state_enter.order_transaction.state.refunded_partially").Map(ShopPlatform.Shopware);

        Assert.Equal((MappingKind.Ignored, "partial refund amount not in the webhook"), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId)]
    [InlineData(CustomerKeyMode.EmailHash)]
    public void A_registered_customer_signs_up(CustomerKeyMode mode)
    {
        var signup = PlatformWebhooks.ShopwareCustomer(Fixtures.Secret, CustomerId, " Ada@Example.com", false, At, Fixtures.NowSeconds)
            .Map(ShopPlatform.Shopware, Fixtures.Keying(mode)).Single();

        Assert.Equal(($"shopware:signup:{CustomerId}", ConnectorEventTypes.Signup, At), (signup.Id, signup.Type, signup.OccurredAt));
        Assert.Equal(mode == CustomerKeyMode.PlatformId ? $"shopware-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email), signup.CustomerId);
    }

    [Fact]
    public void A_guest_account_is_not_a_signup()
    {
        var result = PlatformWebhooks.ShopwareCustomer(Fixtures.Secret, CustomerId, Email, true, At, Fixtures.NowSeconds).Map(ShopPlatform.Shopware);

        Assert.Equal((MappingKind.Ignored, "guest account"), (result.Kind, result.Reason));
    }

    [Theory]
    [InlineData(CustomerKeyMode.PlatformId, true)]
    [InlineData(CustomerKeyMode.PlatformId, false)]
    [InlineData(CustomerKeyMode.EmailHash, true)]
    public void A_newsletter_unsubscription_is_unsubscribed(CustomerKeyMode mode, bool hasCustomer)
    {
        var confirmedAt = At.AddDays(-20);
        var updatedAt = At.AddMinutes(5);

        var unsubscribed = PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", "ADA@example.com", hasCustomer ? CustomerId : null, confirmedAt, updatedAt, Fixtures.NowSeconds)
            .Map(ShopPlatform.Shopware, Fixtures.Keying(mode)).Single();

        Assert.Equal((ConnectorEventTypes.Unsubscribed, updatedAt), (unsubscribed.Type, unsubscribed.OccurredAt));
        Assert.Equal(mode == CustomerKeyMode.PlatformId && hasCustomer ? $"shopware-{CustomerId}" : Fixtures.ByEmail.EmailKey(Email), unsubscribed.CustomerId);
        Assert.StartsWith("shopware:unsubscribed:rcpt01:", unsubscribed.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void One_subscriptions_end_is_one_event_id_and_the_next_subscriptions_end_another()
    {
        var confirmedAt = At.AddDays(-20);
        var first = PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", Email, null, confirmedAt, At, Fixtures.NowSeconds).Map(ShopPlatform.Shopware).Single();
        var again = PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", Email, null, confirmedAt, At, Fixtures.NowSeconds + 30).Map(ShopPlatform.Shopware).Single();
        var next = PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", Email, null, At.AddDays(3), At.AddDays(9), Fixtures.NowSeconds).Map(ShopPlatform.Shopware).Single();

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, next.Id);
    }

    [Fact]
    public void Without_confirmation_or_update_times_the_envelopes_timestamp_is_used()
    {
        var unsubscribed = PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", Email, null, null, null, Fixtures.NowSeconds).Map(ShopPlatform.Shopware).Single();

        Assert.Equal(Fixtures.Now, unsubscribed.OccurredAt);
    }

    [Theory]
    [InlineData("newsletter.register")]
    [InlineData("checkout.customer.guest_register")]
    [InlineData("state_enter.order.state.cancelled")]
    [InlineData("order.written")]
    public void Other_events_are_not_used(string topic)
    {
        var result = Order(topic).Map(ShopPlatform.Shopware);

        Assert.Equal((MappingKind.Ignored, "topic not used", topic), (result.Kind, result.Reason, result.Topic));
    }
}
