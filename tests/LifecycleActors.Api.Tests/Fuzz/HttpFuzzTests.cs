using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsCheck;
using LifecycleActors.Tests.Fuzz;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests.Fuzz;

/// <summary>
/// The parsers' fuzz properties through the real endpoints of a running silo (issue 22): whatever a client sends, the
/// answer is never a 5xx, every refusal is problem details naming its field, and a valid event among hostile ones in
/// the same batch is acknowledged and applied exactly once.
/// </summary>
public sealed class HttpFuzzTests(ConnectorHost host) : IClassFixture<ConnectorHost>
{
    /// <summary>Refusals that must name the field they are about.</summary>
    private static readonly HttpStatusCode[] NamedRefusals =
        [HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType, HttpStatusCode.UnprocessableEntity];

    // Header values are ASCII: HttpClient refuses to send anything else.
    private static readonly Gen<string> ContentType = Gen.OneOf(
        "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "",
        "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/problem+json", "x/%C3%A9",
        "application/json; charset=\"", "*/*");

    private static readonly Gen<(string[] Hostile, int At, ValidOrder Valid)> Neighbours =
        Gen.Select(EventGen.Hostile.Array[0, 12], Gen.Int[0, 1000], EventGen.Valid)
            .Select((hostile, at, valid) => (hostile, at % (hostile.Length + 1), valid));

    private static readonly Gen<(byte[] Body, string ContentType)> AnyEventsBody = Gen.Select(
        Gen.Frequency(
            (4, Neighbours.SelectMany(n => HostileJson.Damaged(Encoding.UTF8.GetBytes(Batch(n, n.Valid.Json))))),
            (1, Gen.Byte.Array[0, 200]),
            (1, Gen.Select(EventGen.Valid, Gen.Int[60, 5000]).Select((valid, depth) => Encoding.UTF8.GetBytes($"[{valid.Json}, {HostileJson.Deep(depth, depth % 2 == 0)}]"))),
            (1, Gen.Int[1, 1100].Select(n => Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", n)) + "]"))),
            (1, HostileJson.Value(3).Select(Encoding.UTF8.GetBytes))),
        ContentType);

    private static readonly Gen<string> PathSegment = Gen.Frequency(
        (3, HostileJson.Text),
        (1, Gen.OneOf("..", ".", "%00", "%2F", "%ZZ", "a%2Fb", "%u0041", "c-1?x=1", "c-1#x", "~", "%F0%9F%98%80", "%C0%AF")));

    private static readonly Gen<(string Name, string Value)[]> Query = Gen.Select(
            Gen.OneOf("stage", "vip", "advocate", "cursor", "limit", "before", "after", "tenant", "stage[]", ""),
            Gen.Frequency((3, HostileJson.Text), (1, HostileJson.Number), (1, Gen.OneOf("eyJ4IjoxfQ", "AAAA", "=", "-1", "0", "1001", "repeat", "true"))))
        .Array[0, 4];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_event_among_hostile_ones_is_acknowledged_and_applied_once()
    {
        // shop-b is this test's own: every event it acknowledges must be applied once.
        using var client = host.Client(ApiHost.KeyB);
        var iteration = 0;
        long accepted = 0;
        await FuzzBudget.CheckAsync("http events: valid neighbour kept", Neighbours, async n =>
        {
            var valid = n.Valid with { Id = $"{n.Valid.Id}-{iteration++}" };
            using var response = await PostAsync(client, "/api/v1/events", Encoding.UTF8.GetBytes(Batch(n, valid.Json)), "application/json");
            var body = await response.Content.ReadAsStringAsync(Ct);

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
            using var ack = JsonDocument.Parse(body);
            var rejected = ack.RootElement.GetProperty("rejected").EnumerateArray().ToList();
            Assert.DoesNotContain(rejected, r => r.GetProperty("index").GetInt32() == n.At);
            Assert.All(rejected, r => Assert.Matches(@"^[^:\s]+: ", r.GetProperty("error").GetString()));
            Assert.Equal(n.Hostile.Length + 1, ack.RootElement.GetProperty("accepted").GetInt32() + ack.RootElement.GetProperty("duplicates").GetInt32() + rejected.Count);
            Assert.True(ack.RootElement.GetProperty("accepted").GetInt32() >= 1, "the valid order was not accepted: " + body);
            accepted += ack.RootElement.GetProperty("accepted").GetInt32();
        }, shortIterations: 400, print: n => Batch(n, n.Valid.Json));

        await Eventually.Get(
            async () => (await (await client.GetAsync("/api/v1/stats", Ct)).Json()).GetProperty("eventsApplied").GetInt64(),
            applied => applied == accepted,
            timeout: TimeSpan.FromSeconds(45),
            what: $"stats count the {accepted} events acknowledged");
    }

    [Fact]
    public async Task Any_body_and_content_type_on_the_events_api_gets_a_precise_answer()
    {
        using var client = host.Client();
        await FuzzBudget.CheckAsync("http events: any body", AnyEventsBody, async input =>
        {
            using var response = await PostAsync(client, "/api/v1/events", input.Body, input.ContentType);
            await AssertPreciseAsync(response, HttpStatusCode.Accepted, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);
        }, shortIterations: 400, print: input => $"{input.ContentType}: {Encoding.UTF8.GetString(input.Body)}");
    }

    [Fact]
    public async Task Hostile_ids_and_query_strings_on_the_read_endpoints_get_a_precise_answer()
    {
        using var client = host.Client();
        var requests = Gen.Select(Gen.Int[0, 2], PathSegment, Query).Select((route, id, query) =>
        {
            var path = route switch
            {
                0 => "/api/v1/customers",
                1 => "/api/v1/customers/" + Escape(id),
                _ => "/api/v1/customers/" + Escape(id) + "/timeline",
            };
            return query.Length == 0 ? path : path + "?" + string.Join("&", query.Select(q => Escape(q.Name) + "=" + Escape(q.Value)));
        });
        await FuzzBudget.CheckAsync("http reads: hostile ids and queries", requests, async path =>
        {
            using var response = await client.GetAsync(path, Ct);
            if (path.Contains("%00", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.BadRequest)
            {
                // Kestrel refuses a NUL in the path itself, before any endpoint, with an empty 400.
                return;
            }

            // 414: Kestrel's own limit on the request line.
            await AssertPreciseAsync(response, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.RequestUriTooLong);
        }, shortIterations: 1000, print: path => path);
    }

    [Fact]
    public async Task Hostile_campaign_definitions_get_a_precise_answer()
    {
        using var admin = await host.SignedInAsync("carol", CampaignHost.CarolPassword);
        var bodies = Gen.Frequency(
            (3, HostileJson.Value(3).Select(Encoding.UTF8.GetBytes)),
            (2, HostileJson.Value(2).SelectMany(json => HostileJson.Damaged(Encoding.UTF8.GetBytes(json)))),
            (1, Gen.Byte.Array[0, 100]));
        await FuzzBudget.CheckAsync("http campaigns: hostile definitions", Gen.Select(bodies, ContentType), async input =>
        {
            using var response = await PostAsync(admin, "/api/v1/campaigns", input.Item1, input.Item2);
            await AssertPreciseAsync(
                response, HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType);
        }, shortIterations: 400, print: input => $"{input.Item2}: {Encoding.UTF8.GetString(input.Item1)}");
    }

    [Fact]
    public async Task Hostile_shop_webhooks_signed_or_not_get_a_precise_answer()
    {
        var webhooks = Gen.Select(
            Gen.Frequency((3, HostileJson.Value(3).Select(Encoding.UTF8.GetBytes)), (1, Gen.Byte.Array[0, 100])),
            Gen.OneOf("orders/create", "orders/paid", "refunds/create", "customers/create", "customers/redact", "app/uninstalled", "", "../orders/create"),
            Gen.Bool);
        await FuzzBudget.CheckAsync("http webhooks: hostile bodies", webhooks, async input =>
        {
            var (body, topic, signed) = input;
            using var client = host.Client(apiKey: null);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/shopify-a") { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            request.Headers.TryAddWithoutValidation("X-Shopify-Topic", topic);
            request.Headers.TryAddWithoutValidation("X-Shopify-Shop-Domain", PlatformWebhooks.ShopifyDomain);
            request.Headers.TryAddWithoutValidation("X-Shopify-Webhook-Id", Guid.NewGuid().ToString());
            request.Headers.TryAddWithoutValidation("X-Shopify-Hmac-Sha256", signed ? PlatformWebhooks.Base64Hmac(ConnectorHost.ShopifySecret, body) : "bm90IGEgc2lnbmF0dXJl");
            using var response = await client.SendAsync(request, Ct);

            await AssertPreciseAsync(response, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.UnprocessableEntity);
            Assert.True(signed || response.StatusCode == HttpStatusCode.Unauthorized, $"an unsigned webhook got {(int)response.StatusCode}");
        }, shortIterations: 400, print: input => $"{input.Item2} signed={input.Item3}: {Encoding.UTF8.GetString(input.Item1)}");
    }

    private static string Batch((string[] Hostile, int At, ValidOrder Valid) n, string validJson) =>
        "[" + string.Join(",\n", [.. n.Hostile[..n.At], validJson, .. n.Hostile[n.At..]]) + "]";

    /// <summary>Escapes for a URL, keeping some hostile escapes as they are (<c>%</c> sequences pass through).</summary>
    private static string Escape(string text) => text.StartsWith('%') ? text : Uri.EscapeDataString(text);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await client.PostAsync(path, content, Ct);
    }

    private static Task AssertPreciseAsync(HttpResponseMessage response, params HttpStatusCode[] expected) =>
        PreciseAnswers.AssertAsync(response, expected, NamedRefusals);
}
