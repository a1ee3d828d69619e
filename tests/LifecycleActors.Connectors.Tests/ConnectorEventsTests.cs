using System.Text.Json;
using LifecycleActors.Ingestion;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Connectors.Tests;

public sealed class ConnectorEventsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 4, 30, 15, 250, TimeSpan.FromHours(-5));

    /// <summary>Every kind of event each platform maps, with refunds that name no customer resolved as the silo would.</summary>
    private static List<ConnectorEvent> MappedEvents()
    {
        SignedWebhook[] shopify =
        [
            PlatformWebhooks.ShopifyOrder(Fixtures.Secret, 5550001234L, 7390123L, "ada@example.com", "59.90", At, "orders/updated", refunds: [new(9001, At.AddHours(2), [new("9.95")])]),
            PlatformWebhooks.ShopifyRefund(Fixtures.Secret, 9002, 5550001234L, At.AddHours(3), new ShopifyTransaction("0.05")),
            PlatformWebhooks.ShopifyCustomer(Fixtures.Secret, 7390123L, "ada@example.com", At),
            PlatformWebhooks.ShopifyConsent(Fixtures.Secret, 7390123L, "ada@example.com", "unsubscribed", At.AddHours(4)),
            PlatformWebhooks.ShopifyCheckout(Fixtures.Secret, "0f3a9c2e7b1d4e5f8a6b9c0d1e2f3a4b", null, "bo@example.com", "12.00", At),
        ];
        SignedWebhook[] woo =
        [
            PlatformWebhooks.WooOrder(Fixtures.Secret, 4711, 0, "cy@example.com", "completed", "29.35", At, At, [new(801, "-5.00")], modified: At.AddDays(1)),
            PlatformWebhooks.WooCustomer(Fixtures.Secret, 77, "cy@example.com", At),
        ];
        SignedWebhook[] shopware =
        [
            PlatformWebhooks.ShopwareOrder(Fixtures.Secret, "checkout.order.placed", "ab12", "cd34", false, "di@example.com", 1234.5678m, "SEK", At, Fixtures.NowSeconds),
            PlatformWebhooks.ShopwareOrder(Fixtures.Secret, "state_enter.order_transaction.state.refunded", "ab12", "cd34", false, "di@example.com", 1234.5678m, "SEK", At, Fixtures.NowSeconds),
            PlatformWebhooks.ShopwareCustomer(Fixtures.Secret, "cd34", "di@example.com", false, At, Fixtures.NowSeconds),
            PlatformWebhooks.ShopwareUnsubscribe(Fixtures.Secret, "rcpt01", "di@example.com", null, At, At.AddDays(1), Fixtures.NowSeconds),
        ];

        return
        [
            .. shopify.SelectMany(d => d.Map(ShopPlatform.Shopify).Events),
            .. woo.SelectMany(d => d.Map(ShopPlatform.WooCommerce).Events),
            .. shopware.SelectMany(d => d.Map(ShopPlatform.Shopware).Events),
        ];
    }

    private static List<ConnectorEvent> Resolved() => [.. MappedEvents().Select(e => e.CustomerId is null ? e with { CustomerId = "shopify-7390123" } : e)];

    [Fact]
    public void A_batch_of_every_mapped_event_passes_the_events_endpoints_parser_without_rejections()
    {
        var events = Resolved();

        var parsed = EventBatchParser.Parse(ConnectorEvents.ToBatchJson(events), Fixtures.Now);

        Assert.Equal(BatchOutcome.Parsed, parsed.Outcome);
        Assert.Empty(parsed.Rejected.Select(r => r.Error));
        Assert.Equal(events.Count, parsed.Events.Count);
        Assert.Equal(
            events.Select(e => (e.Id, e.CustomerId, e.OccurredAt, e.OrderId, e.Amount ?? 0m)),
            parsed.Events.Select(p => (p.Id, (string?)p.CustomerId, p.OccurredAt, p.OrderId, p.Amount)));
        string[] allTypes = [ConnectorEventTypes.OrderPlaced, ConnectorEventTypes.OrderRefunded, ConnectorEventTypes.Signup, ConnectorEventTypes.Unsubscribed, ConnectorEventTypes.CheckoutStarted];
        Assert.Equal(allTypes.Order(StringComparer.Ordinal), events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_json_has_the_contracts_fields_with_amounts_as_numbers_that_keep_their_digits()
    {
        var placed = new ConnectorEvent("shopify:order:1", "shopify-2", ConnectorEventTypes.OrderPlaced, At) { OrderId = "1", Amount = 59.90m, Currency = "EUR" };
        var started = new ConnectorEvent("shopify:checkout:t", "shopify-2", ConnectorEventTypes.CheckoutStarted, At) { Value = 12.000m };
        var signup = new ConnectorEvent("shopify:signup:2", "shopify-2", ConnectorEventTypes.Signup, At);

        using var batch = JsonDocument.Parse(ConnectorEvents.ToBatchJson([placed, started, signup]));

        var items = batch.RootElement.EnumerateArray().ToArray();
        Assert.Equal("""{"id":"shopify:order:1","customerId":"shopify-2","type":"order_placed","occurredAt":"2026-11-22T09:30:15.25Z","data":{"orderId":"1","amount":59.90,"currency":"EUR"}}""", items[0].GetRawText());
        Assert.Equal("12.000", items[1].GetProperty("data").GetProperty("value").GetRawText());
        Assert.Equal("{}", items[2].GetProperty("data").GetRawText());
        Assert.Equal(At, DateTimeOffset.Parse(items[0].GetProperty("occurredAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_batch_refuses_an_event_without_a_customer()
    {
        var events = MappedEvents();

        var error = Assert.Throws<ArgumentException>(() => ConnectorEvents.ToBatchJson(events));

        Assert.Contains("shopify:refund:9002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parked_refund_is_written_without_a_customer_and_read_back_with_one()
    {
        var refund = MappedEvents().Single(e => e.CustomerId is null);

        var json = ConnectorEvents.ToJson(refund);
        var resolved = ConnectorEvents.WithCustomer(json, "shopify-7390123");

        using (var document = JsonDocument.Parse(json))
        {
            Assert.False(document.RootElement.TryGetProperty("customerId", out _));
        }

        Assert.Equal(refund with { CustomerId = "shopify-7390123" }, resolved);
    }

    [Fact]
    public void Every_mapped_event_reads_back_as_written()
    {
        foreach (var e in MappedEvents())
        {
            Assert.Equal(e, ConnectorEvents.FromJson(ConnectorEvents.ToJson(e)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"id\":\"x\"}")]
    [InlineData("{\"id\":\"x\",\"type\":\"signup\",\"occurredAt\":\"yesterday\"}")]
    public void Text_that_is_not_an_event_is_a_format_error(string json) =>
        Assert.Throws<FormatException>(() => ConnectorEvents.FromJson(json));

    [Fact]
    public void A_customer_id_must_be_given_to_resolve_a_parked_event() =>
        Assert.Throws<ArgumentException>(() => ConnectorEvents.WithCustomer(ConnectorEvents.ToJson(MappedEvents()[0]), " "));
}
