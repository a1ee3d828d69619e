using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests.Connectors;

public sealed class ConnectorWebhookTests(ConnectorHost host) : IClassFixture<ConnectorHost>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddDays(-2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_order_reaches_its_tenant_only_once_durable()
    {
        var response = await host.PostWebhookAsync("shopify-a", PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9001, 7001, "ann@example.org", "120.50", At));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal(("ingested", 1), (answer.GetProperty("outcome").GetString(), answer.GetProperty("accepted").GetInt32()));
        var customer = await CustomerAsync(host.Client(), "shopify-7001", c => c.GetProperty("orders").GetInt32() == 1);
        Assert.Equal(120.50m, customer.GetProperty("netSpend").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client(ApiHost.KeyB).GetAsync("/api/v1/customers/shopify-7001", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_missing_wrong_or_altered_signature_is_refused_naming_the_header_and_nothing_is_stored()
    {
        var signed = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9002, 7002, "bo@example.org", "80.00", At);
        var unsigned = signed with { Headers = [.. signed.Headers.Where(h => !h.Key.Equals("X-Shopify-Hmac-Sha256", StringComparison.OrdinalIgnoreCase))] };
        var wrongSecret = PlatformWebhooks.ShopifyOrder("another-secret-0123456789abcdef", 9002, 7002, "bo@example.org", "80.00", At);
        var altered = signed with { Body = [.. signed.Body] };
        altered.Body[Array.IndexOf(altered.Body, (byte)'8')] = (byte)'9';
        var otherTenants = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopBSecret, 9002, 7002, "bo@example.org", "80.00", At);

        foreach (var webhook in new[] { unsigned, wrongSecret, altered, otherTenants })
        {
            var response = await host.PostWebhookAsync("shopify-a", webhook);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("X-Shopify-Hmac-Sha256", (await response.Json()).GetProperty("field").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await host.PostWebhookAsync("shopify-a", PlatformWebhooks.ShopifyCustomer(ConnectorHost.ShopifySecret, 7099, "probe@example.org", At))).StatusCode);
        await CustomerAsync(host.Client(), "shopify-7099", _ => true);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client().GetAsync("/api/v1/customers/shopify-7002", Ct)).StatusCode);
    }

    [Fact]
    public async Task Retries_and_both_order_topics_of_one_order_count_once()
    {
        var created = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9003, 7003, "cy@example.org", "40.00", At);
        var paid = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9003, 7003, "cy@example.org", "40.00", At, topic: "orders/paid");

        var answers = new List<JsonElement>();
        foreach (var webhook in new[] { created, created, paid, paid })
        {
            answers.Add(await (await host.PostWebhookAsync("shopify-a", webhook)).Json());
        }

        Assert.Equal([1, 0, 0, 0], answers.Select(a => a.GetProperty("accepted").GetInt32()));
        Assert.Equal([0, 1, 1, 1], answers.Select(a => a.GetProperty("duplicates").GetInt32()));
        var customer = await CustomerAsync(host.Client(), "shopify-7003", c => c.GetProperty("orders").GetInt32() == 1);
        Assert.Equal(40.00m, customer.GetProperty("netSpend").GetDecimal());
    }

    [Fact]
    public async Task A_refund_that_arrives_before_its_order_waits_for_it_and_then_counts_once()
    {
        var refund = PlatformWebhooks.ShopifyRefund(ConnectorHost.ShopifySecret, 8004, 9004, At.AddHours(1), new ShopifyTransaction("15.00"));
        var order = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9004, 7004, "di@example.org", "60.00", At);

        var parked = await (await host.PostWebhookAsync("shopify-a", refund)).Json();
        var again = await (await host.PostWebhookAsync("shopify-a", refund)).Json();
        var released = await (await host.PostWebhookAsync("shopify-a", order)).Json();
        var late = await (await host.PostWebhookAsync("shopify-a", refund)).Json();

        Assert.Equal((1, 0), (parked.GetProperty("parked").GetInt32(), parked.GetProperty("accepted").GetInt32()));
        Assert.Equal(1, again.GetProperty("parked").GetInt32());
        Assert.Equal(2, released.GetProperty("accepted").GetInt32());
        Assert.Equal((0, 1), (late.GetProperty("accepted").GetInt32(), late.GetProperty("duplicates").GetInt32()));
        var customer = await CustomerAsync(host.Client(), "shopify-7004", c => c.GetProperty("netSpend").GetDecimal() == 45.00m);
        Assert.Equal(1, customer.GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task An_unused_topic_is_answered_200_and_an_unmappable_payload_422_naming_its_field_for_the_admin_to_see()
    {
        var order = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9005, 7005, "ed@example.org", "10.00", At);
        var unused = PlatformWebhooks.Resigned(order.WithHeader("X-Shopify-Topic", "products/create"), ConnectorHost.ShopifySecret, """{"id":1,"title":"Mug"}"""u8.ToArray());
        var unmappable = PlatformWebhooks.Resigned(order, ConnectorHost.ShopifySecret, """{"id":9005,"created_at":"2026-11-30T10:00:00+01:00","total_price":"many","currency":"EUR","customer":{"id":7005}}"""u8.ToArray());

        var ignored = await host.PostWebhookAsync("shopify-a", unused);
        var refused = await host.PostWebhookAsync("shopify-a", unmappable);

        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Equal("ignored", (await ignored.Json()).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("total_price", (await refused.Json()).GetProperty("field").GetString());
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);
        var connector = await (await carol.GetAsync("/api/v1/connectors/shopify-a", Ct)).Json();
        var error = connector.GetProperty("lastErrors").EnumerateArray().First(e => e.GetProperty("status").GetInt32() == 422);
        Assert.Equal(("orders/create", "total_price"), (error.GetProperty("topic").GetString(), error.GetProperty("field").GetString()));
        Assert.True(connector.GetProperty("webhooks").GetProperty("ignored").GetInt64() >= 1);
    }

    [Fact]
    public async Task WooCommerce_orders_with_partial_refunds_and_its_ping_and_Shopware_orders_are_taken()
    {
        var ping = await host.PostWebhookAsync("woo-a", PlatformWebhooks.WooPing());
        var woo = await host.PostWebhookAsync("woo-a", PlatformWebhooks.WooOrder(
            ConnectorHost.WooSecret, 301, 41, "eve@example.org", "completed", "99.90", At, paid: At, refunds: [new WooRefund(5001, "-10.00"), new WooRefund(5002, "-4.90")]));
        var shopware = await host.PostWebhookAsync("shopware-a", PlatformWebhooks.ShopwareOrder(
            ConnectorHost.ShopwareSecret, "checkout.order.placed", "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "f9e8d7c6b5a4938271605f4e3d2c1b0a", false, "fay@example.org", 55.5m, "EUR", At, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal((HttpStatusCode.OK, 3), (woo.StatusCode, (await woo.Json()).GetProperty("accepted").GetInt32()));
        Assert.Equal((HttpStatusCode.OK, 1), (shopware.StatusCode, (await shopware.Json()).GetProperty("accepted").GetInt32()));
        await CustomerAsync(host.Client(), "woocommerce-41", c => c.GetProperty("netSpend").GetDecimal() == 85.00m);
        await CustomerAsync(host.Client(), "shopware-f9e8d7c6b5a4938271605f4e3d2c1b0a", c => c.GetProperty("netSpend").GetDecimal() == 55.5m);
    }

    [Fact]
    public async Task Unknown_connectors_are_404_and_bodies_above_1_MiB_413()
    {
        var order = PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9008, 7008, "hal@example.org", "10.00", At);
        var big = PlatformWebhooks.Resigned(order, ConnectorHost.ShopifySecret, System.Text.Encoding.UTF8.GetBytes("\"" + new string('x', 1024 * 1024) + "\""));

        Assert.Equal(HttpStatusCode.NotFound, (await host.PostWebhookAsync("no-such-connector", PlatformWebhooks.WooPing())).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.PostWebhookAsync("shopify-a", big)).StatusCode);
    }

    [Fact]
    public async Task Shopifys_privacy_requests_are_recorded_for_the_tenants_admins_without_an_email_in_clear()
    {
        var response = await host.PostWebhookAsync("shopify-a", PlatformWebhooks.ShopifyPrivacy(ConnectorHost.ShopifySecret, "customers/data_request", 7006, "gil@example.org", [9006, 9007]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);
        var listed = await carol.GetStringAsync("/api/v1/privacy-requests", Ct);
        var request = JsonDocument.Parse(listed).RootElement.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("customerId").GetString() == "shopify-7006");
        Assert.Equal(("customers/data_request", "shopify-a"), (request.GetProperty("topic").GetString(), request.GetProperty("connectorId").GetString()));
        Assert.Equal(["9006", "9007"], request.GetProperty("orderIds").EnumerateArray().Select(o => o.GetString()));
        Assert.StartsWith("email-", request.GetProperty("emailCustomerId").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("gil@example.org", listed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Shopifys_redaction_request_erases_the_customer_under_both_keys_and_the_request_keeps_no_id()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.PostWebhookAsync("shopify-a", PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, 9010, 7010, "ida@example.org", "20.00", At))).StatusCode);
        await CustomerAsync(host.Client(), "shopify-7010", c => c.GetProperty("orders").GetInt32() == 1);

        var response = await host.PostWebhookAsync("shopify-a", PlatformWebhooks.ShopifyPrivacy(ConnectorHost.ShopifySecret, "customers/redact", 7010, "ida@example.org", [9010]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var carol = await host.SignedInAsync("carol", CampaignHost.CarolPassword);
        await Eventually.Get(
            async () => JsonDocument.Parse(await carol.GetStringAsync("/api/v1/erasures", Ct)).RootElement.GetProperty("items").EnumerateArray()
                .Where(e => e.GetProperty("requestedBy").GetString() == "connector:shopify-a").Select(e => e.GetProperty("status").GetString()).ToList(),
            statuses => statuses.Count == 2 && statuses.All(s => s == "done"),
            what: "two erasures by the connector (its platform id and its e-mail key), done");
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/customers/shopify-7010", Ct)).StatusCode);
        var requests = JsonDocument.Parse(await carol.GetStringAsync("/api/v1/privacy-requests", Ct)).RootElement.GetProperty("items").EnumerateArray();
        var redaction = requests.Single(r => r.GetProperty("orderIds").EnumerateArray().Select(o => o.GetString()).SequenceEqual(["9010"]));
        Assert.DoesNotContain("7010", redaction.ToString(), StringComparison.Ordinal);
        Assert.False(redaction.TryGetProperty("emailCustomerId", out var email) && email.ValueKind == JsonValueKind.String, redaction.ToString());
    }

    private static async Task<JsonElement> CustomerAsync(HttpClient client, string customerId, Func<JsonElement, bool> done)
    {
        using (client)
        {
            return await Eventually.Get(
                async () =>
                {
                    var response = await client.GetAsync($"/api/v1/customers/{customerId}", Ct);
                    return response.IsSuccessStatusCode ? await response.Json() : default;
                },
                c => c.ValueKind == JsonValueKind.Object && done(c),
                what: $"customer {customerId}");
        }
    }
}
