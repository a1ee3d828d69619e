using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifecycleActors.Connectors;
using LifecycleActors.Storage.Connectors;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests.Connectors;

/// <summary>
/// A scripted shop day over the three platforms: every webhook sent twice, in a shuffled order (refunds before their
/// orders among them), to shop-a's connectors; the same facts sent once through <c>POST /api/v1/events</c> to shop-b.
/// Every customer must end in the same state in both tenants.
/// </summary>
public sealed class ShopDayTests(ConnectorHost host) : IClassFixture<ConnectorHost>
{
    private static readonly string[] Volatile = ["updatedAt", "pAlive", "expectedOrders90d", "predictedClv365"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhooks_sent_twice_and_out_of_order_give_the_states_the_events_api_gives()
    {
        var salt = await host.App.Services.GetRequiredService<IConnectorStore>().TenantSaltAsync("shop-a", Ct);
        // Whole seconds, as the platforms write their times.
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var day = ShopDay.Script(new Random(20261204), new CustomerKeying(CustomerKeyMode.PlatformId, salt), now);

        var shuffle = new Random(7);
        var webhooks = day.Webhooks.Concat(day.Webhooks).OrderBy(_ => shuffle.Next()).ToList();
        foreach (var (connector, webhook) in webhooks)
        {
            var response = await host.PostWebhookAsync(connector, webhook);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{connector} {webhook.Header("X-Shopify-Topic") ?? webhook.Header("X-WC-Webhook-Topic")}: {await response.Content.ReadAsStringAsync(Ct)}");
        }

        using var shopB = host.Client(ApiHost.KeyB);
        foreach (var chunk in day.Events.Chunk(500))
        {
            var response = await shopB.PostAsync("/api/v1/events", Body.Raw(new JsonArray([.. chunk]).ToJsonString()), Ct);
            var answer = await response.Json();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted && answer.GetProperty("rejected").GetArrayLength() == 0, answer.ToString());
        }

        using var shopA = host.Client();
        // Both tenants apply asynchronously: compare until equal, or until the deadline, then show what differs.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var differences = await DifferencesAsync(shopA, shopB, day.CustomerIds);
        while (differences.Count > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(500, Ct);
            differences = await DifferencesAsync(shopA, shopB, day.CustomerIds);
        }

        Assert.True(differences.Count == 0, $"{differences.Count} customers differ:\n" + string.Join("\n", differences.Take(5)));
        Assert.True(day.CustomerIds.Count >= 100 && day.Events.Count >= 250, $"{day.CustomerIds.Count} customers, {day.Events.Count} events");
    }

    private static async Task<List<string>> DifferencesAsync(HttpClient shopA, HttpClient shopB, IReadOnlyList<string> customerIds)
    {
        var differences = new List<string>();
        foreach (var id in customerIds)
        {
            var viaWebhooks = await StateAsync(shopA, id);
            var viaEvents = await StateAsync(shopB, id);
            if (viaWebhooks != viaEvents)
            {
                differences.Add($"{id}: webhooks {viaWebhooks} / events {viaEvents}");
            }
        }

        return differences;
    }

    private static async Task<string> StateAsync(HttpClient client, string customerId)
    {
        var response = await client.GetAsync($"/api/v1/customers/{Uri.EscapeDataString(customerId)}", Ct);
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode}";
        }

        var state = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        foreach (var name in Volatile)
        {
            state.Remove(name);
        }

        return state.ToJsonString();
    }

    /// <summary>The day's webhooks (connector, webhook) and the same facts as contract §2 events.</summary>
    private sealed record ShopDay(List<(string Connector, SignedWebhook Webhook)> Webhooks, List<JsonObject> Events, List<string> CustomerIds)
    {
        public static ShopDay Script(Random random, CustomerKeying keying, DateTimeOffset now)
        {
            var day = new ShopDay([], [], []);
            var start = now.AddDays(-120);
            var shopwareTimestamp = now.ToUnixTimeSeconds();
            for (var c = 0; c < 40; c++)
            {
                day.Shopify(random, 70000 + c, start.AddDays(c), now);
                day.Woo(random, c, start.AddDays(c).AddHours(3), keying, now);
                day.Shopware(random, c, start.AddDays(c).AddHours(6), shopwareTimestamp);
            }

            return day;
        }

        private void Shopify(Random random, long customer, DateTimeOffset since, DateTimeOffset now)
        {
            var id = $"shopify-{customer}";
            CustomerIds.Add(id);
            Webhooks.Add(("shopify-a", PlatformWebhooks.ShopifyCustomer(ConnectorHost.ShopifySecret, customer, $"c{customer}@example.org", since)));
            Events.Add(Event($"shopify:signup:{customer}", id, "signup", since, null));
            for (var o = 0; o < random.Next(0, 4); o++)
            {
                var orderId = customer * 10 + o;
                var at = since.AddDays(o * 20 + random.Next(1, 15));
                var total = Money(random, 20, 300);
                Webhooks.Add(("shopify-a", PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, orderId, customer, $"c{customer}@example.org", total, at)));
                Webhooks.Add(("shopify-a", PlatformWebhooks.ShopifyOrder(ConnectorHost.ShopifySecret, orderId, customer, $"c{customer}@example.org", total, at, topic: "orders/paid")));
                Events.Add(Event($"shopify:order:{orderId}", id, "order_placed", at, new JsonObject { ["orderId"] = $"{orderId}", ["amount"] = decimal.Parse(total, CultureInfo.InvariantCulture), ["currency"] = "EUR" }));
                if (random.Next(4) == 0)
                {
                    var refundId = orderId * 10;
                    var refundAt = Min(at.AddDays(2), now.AddHours(-1));
                    var refunded = Money(random, 1, 20);
                    Webhooks.Add(("shopify-a", PlatformWebhooks.ShopifyRefund(ConnectorHost.ShopifySecret, refundId, orderId, refundAt, new ShopifyTransaction(refunded))));
                    Events.Add(Event($"shopify:refund:{refundId}", id, "order_refunded", refundAt, new JsonObject { ["orderId"] = $"{orderId}", ["amount"] = decimal.Parse(refunded, CultureInfo.InvariantCulture) }));
                }
            }
        }

        private void Woo(Random random, int n, DateTimeOffset since, CustomerKeying keying, DateTimeOffset now)
        {
            var guest = n % 5 == 0;
            var wooCustomer = guest ? 0 : 400 + n;
            var email = $"Woo.Buyer{n}@Example.org ";
            var id = guest ? keying.EmailKey(email) : $"woocommerce-{wooCustomer}";
            CustomerIds.Add(id);
            if (!guest)
            {
                Webhooks.Add(("woo-a", PlatformWebhooks.WooCustomer(ConnectorHost.WooSecret, wooCustomer, email.Trim(), since)));
                Events.Add(Event($"woocommerce:signup:{wooCustomer}", id, "signup", since, null));
            }

            for (var o = 0; o < random.Next(1, 4); o++)
            {
                var orderId = 5000 + n * 10 + o;
                var at = since.AddDays(o * 25 + random.Next(1, 10));
                var total = Money(random, 15, 250);
                Webhooks.Add(("woo-a", PlatformWebhooks.WooOrder(ConnectorHost.WooSecret, orderId, wooCustomer, email, "processing", total, at, paid: at, topic: "order.created")));
                Events.Add(Event($"woocommerce:order:{orderId}", id, "order_placed", at, new JsonObject { ["orderId"] = $"{orderId}", ["amount"] = decimal.Parse(total, CultureInfo.InvariantCulture), ["currency"] = "EUR" }));
                // WooCommerce sends the order as it is when it sends it: its refunds so far, dated by the order's last change.
                var refunds = Enumerable.Range(0, random.Next(3)).Select(r => new WooRefund(orderId * 10 + r, "-" + Money(random, 1, 5))).ToList();
                if (refunds.Count > 0)
                {
                    var modified = Min(at.AddDays(1), now.AddHours(-1));
                    Webhooks.Add(("woo-a", PlatformWebhooks.WooOrder(ConnectorHost.WooSecret, orderId, wooCustomer, email, "completed", total, at, paid: at, refunds: refunds, modified: modified)));
                    Events.AddRange(refunds.Select(r => Event($"woocommerce:refund:{r.Id}", id, "order_refunded", modified, new JsonObject { ["orderId"] = $"{orderId}", ["amount"] = -decimal.Parse(r.Total, CultureInfo.InvariantCulture) })));
                }
            }
        }

        private void Shopware(Random random, int n, DateTimeOffset since, long timestamp)
        {
            var customer = $"{n:x32}";
            var id = $"shopware-{customer}";
            CustomerIds.Add(id);
            for (var o = 0; o < random.Next(1, 3); o++)
            {
                var orderId = $"{0xabc000 + n * 10 + o:x32}";
                var at = since.AddDays(o * 30 + random.Next(1, 10));
                var total = decimal.Parse(Money(random, 30, 400), CultureInfo.InvariantCulture);
                Webhooks.Add(("shopware-a", PlatformWebhooks.ShopwareOrder(ConnectorHost.ShopwareSecret, "checkout.order.placed", orderId, customer, false, $"sw{n}@example.org", total, "EUR", at, timestamp)));
                Webhooks.Add(("shopware-a", PlatformWebhooks.ShopwareOrder(ConnectorHost.ShopwareSecret, "state_enter.order_transaction.state.paid", orderId, customer, false, $"sw{n}@example.org", total, "EUR", at, timestamp)));
                Events.Add(Event($"shopware:order:{orderId}", id, "order_placed", at, new JsonObject { ["orderId"] = orderId, ["amount"] = total, ["currency"] = "EUR" }));
            }
        }

        private static JsonObject Event(string id, string customerId, string type, DateTimeOffset at, JsonObject? data) => new()
        {
            ["id"] = id,
            ["customerId"] = customerId,
            ["type"] = type,
            ["occurredAt"] = at.ToString("O", CultureInfo.InvariantCulture),
            ["data"] = data ?? [],
        };

        private static string Money(Random random, int min, int max) =>
            (random.Next(min * 100, max * 100) / 100m).ToString("0.00", CultureInfo.InvariantCulture);

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }
}
