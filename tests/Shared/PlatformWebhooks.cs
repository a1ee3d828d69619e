using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LifecycleActors.Tests.Support;

/// <summary>A webhook request as a platform sends it: every header it sets, and the raw (signed) body.</summary>
public sealed record SignedWebhook(IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The header's value (names compared ignoring case), or null.</summary>
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The same webhook with one header replaced (or removed when <paramref name="value"/> is null).</summary>
    public SignedWebhook WithHeader(string name, string? value)
    {
        var headers = Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (value is not null)
        {
            headers.Add(new(name, value));
        }

        return this with { Headers = headers };
    }

    /// <summary>The request a platform sends to a connector's webhook URL: these headers and this body, unchanged.</summary>
    public HttpRequestMessage ToRequest(string connectorId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/webhooks/{connectorId}") { Content = new ByteArrayContent(Body) };
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}

/// <summary>A Shopify order transaction as listed in a refund (amounts are strings).</summary>
public sealed record ShopifyTransaction(string Amount, string Kind = "refund", string Status = "success");

/// <summary>A refund inside a Shopify order (<c>refunds[]</c> of <c>orders/updated</c>).</summary>
public sealed record ShopifyRefundEntry(long Id, DateTimeOffset CreatedAt, IReadOnlyList<ShopifyTransaction> Transactions);

/// <summary>A WooCommerce order refund as the order lists it; <paramref name="Total"/> is the negative string WooCommerce sends.</summary>
public sealed record WooRefund(long Id, string Total, string Reason = "");

/// <summary>A Shopware order transaction; <paramref name="State"/> is its state machine's technical name.</summary>
public sealed record ShopwareTransaction(string Id, decimal? TotalPrice, string State);

/// <summary>
/// Realistic, signed webhooks of Shopify, WooCommerce and Shopware 6, built from a few parameters: the
/// payload shapes the platforms document (with their extra fields and nested objects, amounts as strings where the
/// platform sends strings), every header the platform sets, and the signature over the exact body bytes.
/// </summary>
public static class PlatformWebhooks
{
    public const string ShopifyDomain = "lifecycle-demo.myshopify.com";
    public const string ShopifyApiVersion = "2025-01";
    public const string WooSource = "https://shop.example/";
    public const long WooWebhookId = 17;
    public const string ShopwareShopId = "x9Qm2vT4kLp7Rs1A";
    public const string ShopwareShopUrl = "https://shopware.example";

    // ---- Shopify -------------------------------------------------------------------------------------------------

    public static SignedWebhook ShopifyOrder(
        string secret,
        long orderId,
        long? customerId,
        string? email,
        string totalPrice,
        DateTimeOffset createdAt,
        string topic = "orders/create",
        string currency = "EUR",
        string financialStatus = "paid",
        bool test = false,
        IReadOnlyList<ShopifyRefundEntry>? refunds = null)
    {
        var order = new JsonObject
        {
            ["id"] = orderId,
            ["admin_graphql_api_id"] = $"gid://shopify/Order/{orderId}",
            ["app_id"] = 580111,
            ["browser_ip"] = "192.0.2.10",
            ["buyer_accepts_marketing"] = false,
            ["cancel_reason"] = null,
            ["cancelled_at"] = null,
            ["checkout_token"] = Token(orderId),
            ["confirmation_number"] = "K7QX2P4ZB",
            ["confirmed"] = true,
            ["contact_email"] = email,
            ["created_at"] = ShopifyTime(createdAt),
            ["currency"] = currency,
            ["current_total_price"] = totalPrice,
            ["email"] = email,
            ["financial_status"] = financialStatus,
            ["fulfillment_status"] = null,
            ["name"] = $"#{1000 + (orderId % 9000)}",
            ["order_number"] = 1000 + (orderId % 9000),
            ["presentment_currency"] = currency,
            ["processed_at"] = ShopifyTime(createdAt),
            ["subtotal_price"] = totalPrice,
            ["tags"] = "",
            ["test"] = test,
            ["total_discounts"] = "0.00",
            ["total_price"] = totalPrice,
            ["total_price_set"] = MoneySet(totalPrice, currency),
            ["total_tax"] = "0.00",
            ["updated_at"] = ShopifyTime(createdAt.AddMinutes(1)),
            ["customer"] = customerId is { } id ? ShopifyCustomerObject(id, email, createdAt.AddDays(-30), currency) : null,
            ["line_items"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = orderId * 10 + 1,
                    ["name"] = "Canvas tote - natural",
                    ["price"] = totalPrice,
                    ["product_id"] = 7390001,
                    ["quantity"] = 1,
                    ["sku"] = "TOTE-NAT",
                    ["tax_lines"] = new JsonArray(),
                },
            },
            ["shipping_lines"] = new JsonArray(),
            ["refunds"] = new JsonArray([.. (refunds ?? []).Select(r => (JsonNode)ShopifyRefundObject(r.Id, orderId, r.CreatedAt, r.Transactions))]),
        };
        return Shopify(secret, topic, order);
    }

    public static SignedWebhook ShopifyRefund(string secret, long refundId, long orderId, DateTimeOffset createdAt, params ShopifyTransaction[] transactions) =>
        Shopify(secret, "refunds/create", ShopifyRefundObject(refundId, orderId, createdAt, transactions));

    /// <summary><c>customers/create</c> (or <c>customers/update</c> with a consent state, when given).</summary>
    public static SignedWebhook ShopifyCustomer(
        string secret,
        long customerId,
        string? email,
        DateTimeOffset createdAt,
        string topic = "customers/create",
        string? consentState = null,
        DateTimeOffset? consentUpdatedAt = null,
        DateTimeOffset? updatedAt = null)
    {
        var customer = ShopifyCustomerObject(customerId, email, createdAt, "EUR");
        customer["updated_at"] = ShopifyTime(updatedAt ?? createdAt);
        if (consentState is not null)
        {
            customer["email_marketing_consent"] = new JsonObject
            {
                ["state"] = consentState,
                ["opt_in_level"] = "single_opt_in",
                ["consent_updated_at"] = consentUpdatedAt is { } at ? ShopifyTime(at) : null,
            };
        }

        return Shopify(secret, topic, customer);
    }

    public static SignedWebhook ShopifyConsent(
        string secret, long customerId, string? email, string state, DateTimeOffset? consentUpdatedAt, string topic = "customers_email_marketing_consent/update") =>
        Shopify(secret, topic, new JsonObject
        {
            ["customer_id"] = customerId,
            ["email_address"] = email,
            ["email_marketing_consent"] = new JsonObject
            {
                ["state"] = state,
                ["opt_in_level"] = "single_opt_in",
                ["consent_updated_at"] = consentUpdatedAt is { } at ? ShopifyTime(at) : null,
            },
        });

    public static SignedWebhook ShopifyCheckout(string secret, string token, long? customerId, string? email, string? totalPrice, DateTimeOffset createdAt) =>
        Shopify(secret, "checkouts/create", new JsonObject
        {
            ["id"] = 35501234567L,
            ["token"] = token,
            ["cart_token"] = "c1-" + token[..Math.Min(8, token.Length)],
            ["email"] = email,
            ["gateway"] = null,
            ["buyer_accepts_marketing"] = false,
            ["created_at"] = ShopifyTime(createdAt),
            ["updated_at"] = ShopifyTime(createdAt),
            ["landing_site"] = "/",
            ["currency"] = "EUR",
            ["presentment_currency"] = "EUR",
            ["subtotal_price"] = totalPrice,
            ["total_tax"] = "0.00",
            ["total_price"] = totalPrice,
            ["abandoned_checkout_url"] = $"https://{ShopifyDomain}/checkouts/{token}/recover",
            ["customer"] = customerId is { } id ? ShopifyCustomerObject(id, email, createdAt.AddDays(-3), "EUR") : null,
            ["line_items"] = new JsonArray { new JsonObject { ["title"] = "Canvas tote", ["quantity"] = 1, ["price"] = totalPrice } },
        });

    /// <summary><c>customers/redact</c>, <c>customers/data_request</c> or <c>shop/redact</c>.</summary>
    public static SignedWebhook ShopifyPrivacy(string secret, string topic, long? customerId, string? email, IReadOnlyList<long> orderIds, long? requestId = null)
    {
        var request = new JsonObject { ["shop_id"] = 954889, ["shop_domain"] = ShopifyDomain };
        if (topic != "shop/redact")
        {
            request["customer"] = new JsonObject { ["id"] = customerId, ["email"] = email, ["phone"] = null };
            request[topic == "customers/data_request" ? "orders_requested" : "orders_to_redact"] = new JsonArray([.. orderIds.Select(o => (JsonNode)o)]);
        }

        if (topic == "customers/data_request")
        {
            request["data_request"] = new JsonObject { ["id"] = requestId };
        }

        return Shopify(secret, topic, request);
    }

    // ---- WooCommerce ---------------------------------------------------------------------------------------------

    /// <param name="customerId">0 for a guest, as WooCommerce sends it.</param>
    /// <param name="created">The order's creation, UTC (sent as <c>date_created_gmt</c>, without a zone).</param>
    public static SignedWebhook WooOrder(
        string secret,
        long id,
        long customerId,
        string email,
        string status,
        string total,
        DateTimeOffset created,
        DateTimeOffset? paid = null,
        IReadOnlyList<WooRefund>? refunds = null,
        string topic = "order.updated",
        string currency = "EUR",
        DateTimeOffset? modified = null)
    {
        var order = new JsonObject
        {
            ["id"] = id,
            ["parent_id"] = 0,
            ["status"] = status,
            ["currency"] = currency,
            ["version"] = "9.4.2",
            ["prices_include_tax"] = true,
            ["date_created"] = WooTime(created.ToOffset(TimeSpan.FromHours(1))),
            ["date_modified"] = WooTime((modified ?? created).ToOffset(TimeSpan.FromHours(1))),
            ["discount_total"] = "0.00",
            ["discount_tax"] = "0.00",
            ["shipping_total"] = "4.90",
            ["shipping_tax"] = "0.00",
            ["cart_tax"] = "0.00",
            ["total"] = total,
            ["total_tax"] = "0.00",
            ["customer_id"] = customerId,
            ["order_key"] = $"wc_order_{Token(id)[..13]}",
            ["billing"] = new JsonObject
            {
                ["first_name"] = "Test",
                ["last_name"] = "Buyer",
                ["company"] = "",
                ["address_1"] = "1 Example Street",
                ["city"] = "Berlin",
                ["postcode"] = "10115",
                ["country"] = "DE",
                ["email"] = email,
                ["phone"] = "",
            },
            ["shipping"] = new JsonObject { ["first_name"] = "Test", ["last_name"] = "Buyer", ["city"] = "Berlin", ["country"] = "DE" },
            ["payment_method"] = "stripe",
            ["payment_method_title"] = "Credit card",
            ["transaction_id"] = paid is null ? "" : "pi_3Q" + id.ToString(CultureInfo.InvariantCulture),
            ["customer_ip_address"] = "192.0.2.20",
            ["created_via"] = "checkout",
            ["date_completed"] = null,
            ["date_paid"] = paid is { } p ? WooTime(p.ToOffset(TimeSpan.FromHours(1))) : null,
            ["cart_hash"] = Token(id),
            ["number"] = id.ToString(CultureInfo.InvariantCulture),
            ["meta_data"] = new JsonArray { new JsonObject { ["id"] = 501, ["key"] = "_wc_order_attribution_source_type", ["value"] = "typein" } },
            ["line_items"] = new JsonArray
            {
                new JsonObject
                {
                    ["id"] = 11,
                    ["name"] = "Canvas tote",
                    ["product_id"] = 93,
                    ["quantity"] = 1,
                    ["subtotal"] = total,
                    ["total"] = total,
                    ["sku"] = "TOTE-NAT",
                    ["price"] = 24.5,
                },
            },
            ["refunds"] = new JsonArray([.. (refunds ?? []).Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["reason"] = r.Reason, ["total"] = r.Total })]),
            ["date_created_gmt"] = WooGmt(created),
            ["date_modified_gmt"] = WooGmt(modified ?? created),
            ["date_completed_gmt"] = null,
            ["date_paid_gmt"] = paid is { } paidAt ? WooGmt(paidAt) : null,
            ["currency_symbol"] = "€",
            ["_links"] = new JsonObject
            {
                ["self"] = new JsonArray { new JsonObject { ["href"] = $"{WooSource}wp-json/wc/v3/orders/{id}" } },
                ["collection"] = new JsonArray { new JsonObject { ["href"] = $"{WooSource}wp-json/wc/v3/orders" } },
            },
        };
        return Woo(secret, topic, order);
    }

    public static SignedWebhook WooCustomer(string secret, long id, string email, DateTimeOffset created, string topic = "customer.created") =>
        Woo(secret, topic, new JsonObject
        {
            ["id"] = id,
            ["date_created"] = WooTime(created.ToOffset(TimeSpan.FromHours(1))),
            ["date_created_gmt"] = WooGmt(created),
            ["date_modified"] = WooTime(created.ToOffset(TimeSpan.FromHours(1))),
            ["date_modified_gmt"] = WooGmt(created),
            ["email"] = email,
            ["first_name"] = "",
            ["last_name"] = "",
            ["role"] = "customer",
            ["username"] = "customer" + id.ToString(CultureInfo.InvariantCulture),
            ["billing"] = new JsonObject { ["email"] = email, ["country"] = "DE" },
            ["shipping"] = new JsonObject { ["country"] = "" },
            ["is_paying_customer"] = false,
            ["avatar_url"] = "https://secure.gravatar.com/avatar/?s=96&d=mm&r=g",
            ["meta_data"] = new JsonArray(),
        });

    /// <summary>The unsigned form body WooCommerce posts when a webhook is activated.</summary>
    public static SignedWebhook WooPing(long webhookId = WooWebhookId) =>
        new([new("Content-Type", "application/x-www-form-urlencoded"), new("User-Agent", "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)")],
            Encoding.ASCII.GetBytes($"webhook_id={webhookId.ToString(CultureInfo.InvariantCulture)}"));

    // ---- Shopware 6 ----------------------------------------------------------------------------------------------

    /// <param name="at">The order's <c>orderDateTime</c>.</param>
    /// <param name="timestamp">The envelope's Unix seconds (when Shopware sent it).</param>
    /// <param name="transactions">The order's transactions; by default one, in the state the topic implies.</param>
    public static SignedWebhook ShopwareOrder(
        string secret,
        string topic,
        string id,
        string? customerId,
        bool? guest,
        string? email,
        decimal amountTotal,
        string? currency,
        DateTimeOffset at,
        long timestamp,
        IReadOnlyList<ShopwareTransaction>? transactions = null)
    {
        var state = topic.Contains("refunded", StringComparison.Ordinal) ? "refunded" : topic.Contains("paid", StringComparison.Ordinal) ? "paid" : "open";
        transactions ??= [new ShopwareTransaction(Hex("t" + id), amountTotal, state)];
        var order = new JsonObject
        {
            ["id"] = id,
            ["versionId"] = "0fa91ce3e96a4bc2be4bd9ce752c3425",
            ["orderNumber"] = "10042",
            ["currencyId"] = "b7d2554b0ce847cd82f3ac9bd1c0dfca",
            ["currencyFactor"] = 1.0,
            ["languageId"] = "2fbb5fe2e29a4d70aa5854ce7ce3e20b",
            ["salesChannelId"] = "98432def39fc4624b33213a56b8c944d",
            ["billingAddressId"] = Hex("b" + id),
            ["orderDateTime"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["orderDate"] = at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["price"] = new JsonObject
            {
                ["netPrice"] = Math.Round(amountTotal / 1.19m, 2),
                ["totalPrice"] = amountTotal,
                ["positionPrice"] = amountTotal,
                ["rawTotal"] = amountTotal,
                ["taxStatus"] = "gross",
                ["calculatedTaxes"] = new JsonArray { new JsonObject { ["tax"] = amountTotal - Math.Round(amountTotal / 1.19m, 2), ["taxRate"] = 19, ["price"] = amountTotal } },
                ["taxRules"] = new JsonArray { new JsonObject { ["taxRate"] = 19, ["percentage"] = 100 } },
            },
            ["amountTotal"] = amountTotal,
            ["amountNet"] = Math.Round(amountTotal / 1.19m, 2),
            ["positionPrice"] = amountTotal,
            ["taxStatus"] = "gross",
            ["shippingTotal"] = 0,
            ["stateId"] = "8d3a5e1b2b3c4e5f8a9b0c1d2e3f4a5b",
            ["customFields"] = null,
            ["createdAt"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["orderCustomer"] = new JsonObject
            {
                ["email"] = email,
                ["firstName"] = "Test",
                ["lastName"] = "Buyer",
                ["customerNumber"] = "10042",
                ["customerId"] = customerId,
                ["customer"] = guest is null ? null : new JsonObject
                {
                    ["id"] = customerId,
                    ["guest"] = guest,
                    ["email"] = email,
                    ["customerNumber"] = "10042",
                    ["createdAt"] = at.AddDays(-10).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                },
            },
            ["currency"] = currency is null ? null : new JsonObject
            {
                ["isoCode"] = currency,
                ["factor"] = 1.0,
                ["symbol"] = currency == "EUR" ? "€" : currency,
                ["shortName"] = currency,
                ["id"] = "b7d2554b0ce847cd82f3ac9bd1c0dfca",
            },
            ["transactions"] = new JsonArray([.. transactions.Select(t => (JsonNode)new JsonObject
            {
                ["id"] = t.Id,
                ["orderId"] = id,
                ["paymentMethodId"] = "a3c5e8f1b2d44e6f9a0b1c2d3e4f5a6b",
                ["amount"] = new JsonObject { ["unitPrice"] = t.TotalPrice, ["totalPrice"] = t.TotalPrice, ["quantity"] = 1 },
                ["stateId"] = Hex("s" + t.State),
                ["stateMachineState"] = new JsonObject { ["technicalName"] = t.State, ["name"] = t.State },
            })]),
            ["lineItems"] = new JsonArray
            {
                new JsonObject { ["id"] = Hex("l" + id), ["label"] = "Canvas tote", ["quantity"] = 1, ["unitPrice"] = amountTotal, ["totalPrice"] = amountTotal },
            },
        };
        return Shopware(secret, topic, new JsonObject { ["order"] = order }, timestamp);
    }

    public static SignedWebhook ShopwareCustomer(
        string secret, string id, string email, bool guest, DateTimeOffset createdAt, long timestamp, string topic = "checkout.customer.register") =>
        Shopware(secret, topic, new JsonObject
        {
            ["customer"] = new JsonObject
            {
                ["id"] = id,
                ["versionId"] = "0fa91ce3e96a4bc2be4bd9ce752c3425",
                ["customerNumber"] = "10043",
                ["email"] = email,
                ["guest"] = guest,
                ["active"] = true,
                ["firstName"] = "Test",
                ["lastName"] = "Buyer",
                ["salesChannelId"] = "98432def39fc4624b33213a56b8c944d",
                ["createdAt"] = createdAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["customFields"] = null,
            },
        }, timestamp);

    public static SignedWebhook ShopwareUnsubscribe(
        string secret, string recipientId, string email, string? customerId, DateTimeOffset? confirmedAt, DateTimeOffset? updatedAt, long timestamp) =>
        Shopware(secret, "newsletter.unsubscribe", new JsonObject
        {
            ["newsletterRecipient"] = new JsonObject
            {
                ["id"] = recipientId,
                ["email"] = email,
                ["status"] = "optOut",
                ["hash"] = Hex("h" + recipientId),
                ["salesChannelId"] = "98432def39fc4624b33213a56b8c944d",
                ["languageId"] = "2fbb5fe2e29a4d70aa5854ce7ce3e20b",
                ["customerId"] = customerId,
                ["confirmedAt"] = confirmedAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["createdAt"] = (confirmedAt ?? updatedAt)?.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                ["updatedAt"] = updatedAt?.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            },
        }, timestamp);

    // ---- Signing -------------------------------------------------------------------------------------------------

    /// <summary>The webhook with another body, signed again with <paramref name="secret"/> the way its platform signs.</summary>
    public static SignedWebhook Resigned(SignedWebhook webhook, string secret, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var signed = webhook with { Body = body };
        if (webhook.Header("X-Shopify-Hmac-Sha256") is not null)
        {
            return signed.WithHeader("X-Shopify-Hmac-Sha256", Base64Hmac(secret, body));
        }

        if (webhook.Header("X-WC-Webhook-Signature") is not null)
        {
            return signed.WithHeader("X-WC-Webhook-Signature", Base64Hmac(secret, body));
        }

        return webhook.Header("shopware-shop-signature") is not null ? signed.WithHeader("shopware-shop-signature", HexHmac(secret, body)) : signed;
    }

    public static string Base64Hmac(string secret, byte[] body) => Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Lower-case hex, as PHP's <c>hash_hmac</c> writes it.</summary>
    public static string HexHmac(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static SignedWebhook Shopify(string secret, string topic, JsonObject payload)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        return new(
            [
                new("Content-Type", "application/json"),
                new("X-Shopify-Topic", topic),
                new("X-Shopify-Hmac-Sha256", Base64Hmac(secret, body)),
                new("X-Shopify-Shop-Domain", ShopifyDomain),
                new("X-Shopify-API-Version", ShopifyApiVersion),
                new("X-Shopify-Webhook-Id", Guid.NewGuid().ToString()),
                new("X-Shopify-Event-Id", Guid.NewGuid().ToString()),
                new("X-Shopify-Triggered-At", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            ],
            body);
    }

    private static SignedWebhook Woo(string secret, string topic, JsonObject payload)
    {
        var body = PhpJson(payload);
        var dot = topic.IndexOf('.', StringComparison.Ordinal);
        return new(
            [
                new("Content-Type", "application/json"),
                new("User-Agent", "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)"),
                new("X-WC-Webhook-Source", WooSource),
                new("X-WC-Webhook-Topic", topic),
                new("X-WC-Webhook-Resource", dot > 0 ? topic[..dot] : topic),
                new("X-WC-Webhook-Event", dot > 0 ? topic[(dot + 1)..] : topic),
                new("X-WC-Webhook-Signature", Base64Hmac(secret, body)),
                new("X-WC-Webhook-ID", WooWebhookId.ToString(CultureInfo.InvariantCulture)),
                new("X-WC-Webhook-Delivery-ID", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))),
            ],
            body);
    }

    private static SignedWebhook Shopware(string secret, string topic, JsonObject payload, long timestamp)
    {
        var envelope = new JsonObject
        {
            ["data"] = new JsonObject { ["payload"] = payload, ["event"] = topic },
            ["source"] = new JsonObject
            {
                ["url"] = ShopwareShopUrl,
                ["appVersion"] = "1.0.0",
                ["shopId"] = ShopwareShopId,
                ["eventId"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            },
            ["timestamp"] = timestamp,
        };
        var body = PhpJson(envelope);
        return new(
            [
                new("Content-Type", "application/json"),
                new("shopware-shop-signature", HexHmac(secret, body)),
                new("sw-version", "6.6.10.4"),
                new("sw-context-language", "2fbb5fe2e29a4d70aa5854ce7ce3e20b"),
                new("sw-user-language", "en-GB"),
            ],
            body);
    }

    /// <summary>JSON as PHP's <c>json_encode</c> writes it: <c>/</c> escaped as <c>\/</c>, non-ASCII as <c>\uXXXX</c>.</summary>
    private static byte[] PhpJson(JsonNode payload) => Encoding.UTF8.GetBytes(payload.ToJsonString().Replace("/", "\\/", StringComparison.Ordinal));

    private static JsonObject ShopifyCustomerObject(long id, string? email, DateTimeOffset createdAt, string currency) => new()
    {
        ["id"] = id,
        ["email"] = email,
        ["created_at"] = ShopifyTime(createdAt),
        ["updated_at"] = ShopifyTime(createdAt),
        ["first_name"] = "Test",
        ["last_name"] = "Buyer",
        ["state"] = "enabled",
        ["note"] = null,
        ["verified_email"] = true,
        ["multipass_identifier"] = null,
        ["tax_exempt"] = false,
        ["phone"] = null,
        ["currency"] = currency,
        ["tags"] = "",
        ["admin_graphql_api_id"] = $"gid://shopify/Customer/{id}",
        ["default_address"] = new JsonObject { ["id"] = id + 1, ["customer_id"] = id, ["city"] = "Berlin", ["country_code"] = "DE", ["default"] = true },
    };

    private static JsonObject ShopifyRefundObject(long refundId, long orderId, DateTimeOffset createdAt, IReadOnlyList<ShopifyTransaction> transactions) => new()
    {
        ["id"] = refundId,
        ["order_id"] = orderId,
        ["created_at"] = ShopifyTime(createdAt),
        ["processed_at"] = ShopifyTime(createdAt),
        ["note"] = "Returned",
        ["restock"] = true,
        ["user_id"] = 810001,
        ["admin_graphql_api_id"] = $"gid://shopify/Refund/{refundId}",
        ["refund_line_items"] = new JsonArray(),
        ["order_adjustments"] = new JsonArray(),
        ["transactions"] = new JsonArray([.. transactions.Select((t, i) => (JsonNode)new JsonObject
        {
            ["id"] = refundId * 10 + i,
            ["order_id"] = orderId,
            ["kind"] = t.Kind,
            ["gateway"] = "shopify_payments",
            ["status"] = t.Status,
            ["message"] = null,
            ["created_at"] = ShopifyTime(createdAt),
            ["test"] = false,
            ["parent_id"] = orderId * 10,
            ["processed_at"] = ShopifyTime(createdAt),
            ["amount"] = t.Amount,
            ["currency"] = "EUR",
        })]),
    };

    private static JsonObject MoneySet(string amount, string currency) => new()
    {
        ["shop_money"] = new JsonObject { ["amount"] = amount, ["currency_code"] = currency },
        ["presentment_money"] = new JsonObject { ["amount"] = amount, ["currency_code"] = currency },
    };

    /// <summary>Shopify's times: the shop's offset, no fraction (<c>2026-11-23T05:00:00-05:00</c>).</summary>
    private static string ShopifyTime(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>WooCommerce's times: no zone at all (<c>2026-11-23T10:00:00</c>).</summary>
    private static string WooTime(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>WooCommerce's <c>*_gmt</c> times: UTC, without saying so.</summary>
    private static string WooGmt(DateTimeOffset at) => WooTime(at.ToUniversalTime());

    private static string Token(long id) => Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(id)))[..32];

    private static string Hex(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..32];
}
