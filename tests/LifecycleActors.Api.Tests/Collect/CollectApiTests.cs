using System.Net;
using System.Text.Json;
using LifecycleActors.Ingestion.Browser;
using LifecycleActors.Tests.Support;
using static LifecycleActors.Api.Tests.Collect.BrowserBatches;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary><c>POST /api/v1/collect</c> and the publishable key's limits over real HTTP (contract §9).</summary>
public sealed class CollectApiTests(CollectHost host) : IClassFixture<CollectHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Browser_events_are_taken_durably_with_the_events_apis_duplicate_rules()
    {
        var body = Batch(Visit("c1-1", "anon-c1", "/"), Visit("c1-2", "anon-c1", "/shoes"), Of("c1-3", "anon-c1", "cart_updated", new { value = 49.9m }));

        using var first = await host.CollectAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(CollectHost.OriginA, first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var ack = await first.Json();
        Assert.Equal(3, ack.GetProperty("accepted").GetInt32());

        // The same batch again (a retry of the snippet): every event is a duplicate.
        using var again = await host.CollectAsync(body, keyInQuery: true, contentType: "text/plain");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(3, (await again.Json()).GetProperty("duplicates").GetInt32());

        using var api = host.Client(ApiHost.KeyA);
        var profile = await Eventually.Get(
            async () => await api.GetAsync("/api/v1/customers/anon-c1", Ct),
            r => r.StatusCode == HttpStatusCode.OK,
            what: "the visitor's profile");
        Assert.Equal(3, (await profile.Json()).GetProperty("eventsApplied").GetInt32());
    }

    [Fact]
    public async Task Events_the_spec_rejects_are_rejected_per_event_as_by_the_events_api()
    {
        using var response = await host.CollectAsync(Batch(Visit("c2-1", "anon-c2"), Of("c2-2", "anon-c2", "cart_updated", new { value = -1 })));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var ack = await response.Json();
        Assert.Equal(1, ack.GetProperty("accepted").GetInt32());
        Assert.Equal("data.value: must be a number >= 0", ack.GetProperty("rejected")[0].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("order_placed")]
    [InlineData("order_refunded")]
    [InlineData("signup")]
    [InlineData("unsubscribed")]
    [InlineData("review_submitted")]
    public async Task A_publishable_key_cannot_send_server_side_types_and_nothing_of_the_batch_is_taken(string type)
    {
        var visitor = "anon-forbidden-" + type;
        using var response = await host.CollectAsync(Batch(
            Visit("c3-" + type + "-1", visitor), Of("c3-" + type + "-2", visitor, type, new { orderId = "o-1", amount = 10m, rating = 5 })));

        await AssertProblem(response, HttpStatusCode.Forbidden, "body[1].type", $"body[1].type: '{type}' cannot be sent with a publishable key");
        using var api = host.Client(ApiHost.KeyA);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/customers/{visitor}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/v1/customers/anon-c1")]
    [InlineData("GET", "/api/v1/customers/anon-c1/timeline")]
    [InlineData("GET", "/api/v1/customers")]
    [InlineData("GET", "/api/v1/stats")]
    [InlineData("GET", "/api/v1/model")]
    [InlineData("POST", "/api/v1/events")]
    [InlineData("POST", "/api/v1/model/refit")]
    public async Task A_publishable_key_opens_no_other_endpoint(string method, string path)
    {
        foreach (var header in new[] { "X-Publishable-Key", "X-Api-Key" })
        {
            using var client = host.Client(null);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Body.Raw(Batch(Visit("c4-1", "anon-c4"))) : null };
            request.Headers.Add(header, CollectHost.PublishableA);
            using var response = await client.SendAsync(request, Ct);
            await AssertProblem(response, HttpStatusCode.Forbidden, header, "a publishable key only sends browser events to POST /api/v1/collect");
        }

        using var withQuery = host.Client(null);
        using var viaQuery = await withQuery.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{path}?key={CollectHost.PublishableA}"), Ct);
        await AssertProblem(viaQuery, HttpStatusCode.Forbidden, "key", "a publishable key only sends browser events");
    }

    [Fact]
    public async Task A_key_writes_only_its_own_tenant_and_is_refused_from_another_shops_origin()
    {
        using var own = await host.CollectAsync(Batch(Visit("c5-1", "anon-c5")), CollectHost.PublishableB, CollectHost.OriginB);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        using var apiB = host.Client(ApiHost.KeyB);
        await Eventually.Get(async () => (await apiB.GetAsync("/api/v1/customers/anon-c5", Ct)).StatusCode, s => s == HttpStatusCode.OK, what: "shop-b's visitor");
        using var apiA = host.Client(ApiHost.KeyA);
        Assert.Equal(HttpStatusCode.NotFound, (await apiA.GetAsync("/api/v1/customers/anon-c5", Ct)).StatusCode);

        // shop-b's key on shop-a's pages, and shop-a's key on shop-b's pages: refused, without CORS headers.
        using var crossed = await host.CollectAsync(Batch(Visit("c5-2", "anon-c5b")), CollectHost.PublishableB, CollectHost.OriginA);
        await AssertProblem(crossed, HttpStatusCode.Forbidden, "Origin", "Origin: 'https://shop-a.example' is not an allowed origin of this publishable key");
        Assert.False(crossed.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Keys_and_origins_are_checked_before_anything_else()
    {
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), key: null), HttpStatusCode.Unauthorized, "X-Publishable-Key", "a publishable key is required");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), key: "pk-not-a-key-0123456789"), HttpStatusCode.Unauthorized, "X-Publishable-Key", "not a publishable key");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), key: "pk-not-a-key-0123456789", keyInQuery: true), HttpStatusCode.Unauthorized, "key", "not a publishable key");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), key: ApiHost.KeyA), HttpStatusCode.Forbidden, "X-Publishable-Key", "secret API key");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), origin: null), HttpStatusCode.Forbidden, "Origin", "Origin: required");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), origin: "https://shop-a.example.evil"), HttpStatusCode.Forbidden, "Origin", "not an allowed origin");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), origin: "http://shop-a.example"), HttpStatusCode.Forbidden, "Origin", "not an allowed origin");
        await AssertProblem(await host.CollectAsync(Batch(Visit("c6-1", "anon-c6")), origin: "null"), HttpStatusCode.Forbidden, "Origin", "not an allowed origin");
        await AssertProblem(await host.CollectAsync("id=1", contentType: "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "Content-Type", "application/x-www-form-urlencoded");
        await AssertProblem(await host.CollectAsync("{\"id\":1}"), HttpStatusCode.BadRequest, "body", "body: must be a JSON array of events");
    }

    [Fact]
    public async Task A_preflight_is_answered_for_exactly_an_allowed_origin_and_refused_otherwise()
    {
        using var allowed = await PreflightAsync(CollectHost.OriginA, "POST", "content-type, x-publishable-key");
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(CollectHost.OriginA, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("Content-Type, X-Publishable-Key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("600", allowed.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Contains("Origin", allowed.Headers.Vary);
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));

        using var other = await PreflightAsync("https://evil.example", "POST", "content-type");
        await AssertProblem(other, HttpStatusCode.Forbidden, "Origin", "not an allowed origin of any publishable key");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));

        using var otherTenants = await PreflightAsync(CollectHost.OriginB, "POST", "content-type", CollectHost.PublishableA);
        await AssertProblem(otherTenants, HttpStatusCode.Forbidden, "Origin", "not an allowed origin of this publishable key");

        using var put = await PreflightAsync(CollectHost.OriginA, "PUT", "");
        await AssertProblem(put, HttpStatusCode.Forbidden, "Access-Control-Request-Method", "only POST");

        using var cookie = await PreflightAsync(CollectHost.OriginA, "POST", "content-type, authorization");
        await AssertProblem(cookie, HttpStatusCode.Forbidden, "Access-Control-Request-Headers", "'authorization' is not allowed");
    }

    [Fact]
    public async Task Batches_over_50_events_or_64_KiB_are_refused_whole()
    {
        var many = Enumerable.Range(0, 51).Select(i => Visit($"c7-{i}", "anon-c7")).ToArray();
        await AssertProblem(await host.CollectAsync(Batch(many)), HttpStatusCode.RequestEntityTooLarge, "body", "body: too many events (51); a browser batch holds at most 50");

        var fifty = Enumerable.Range(0, 50).Select(i => Of($"c7-big-{i}", "anon-c7", "visit", new { path = "/" + new string('p', 1400) })).ToArray();
        var big = Batch(fifty);
        Assert.True(big.Length > BrowserBatchPolicy.MaxBodyBytes);
        await AssertProblem(await host.CollectAsync(big), HttpStatusCode.RequestEntityTooLarge, "body", "body: more than 65536 bytes");

        using var api = host.Client(ApiHost.KeyA);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/customers/anon-c7", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_identify_needs_a_valid_user_hash_and_a_forged_one_is_refused()
    {
        var forged = UserHash.Compute("c-victim", "not-the-secret-of-shop-a");
        using var refused = await host.CollectAsync(Batch(Visit("c8-1", "anon-c8"), Identify("c8-2", "anon-c8", "c-victim", forged)));
        await AssertProblem(refused, HttpStatusCode.Forbidden, "body[1].data.userHash", "body[1].data.userHash: does not match data.customerId");

        using var missing = await host.CollectAsync(Batch(Identify("c8-3", "anon-c8", "c-victim", "")));
        await AssertProblem(missing, HttpStatusCode.Forbidden, "body[0].data.userHash", "does not match");

        using var upper = await host.CollectAsync(Batch(Identify("c8-4", "anon-c8", "c-victim", UserHash.Compute("c-victim", CollectHost.IdentitySecretA).ToUpperInvariant())));
        await AssertProblem(upper, HttpStatusCode.Forbidden, "body[0].data.userHash", "does not match");

        // shop-b has no identity secret: no identify from its browsers at all.
        using var noSecret = await host.CollectAsync(Batch(Identify("c8-5", "anon-c8b", "c-1", UserHash.Compute("c-1", CollectHost.IdentitySecretA))), CollectHost.PublishableB, CollectHost.OriginB);
        await AssertProblem(noSecret, HttpStatusCode.Forbidden, "body[0].type", "identify needs the tenant's IdentitySecret");

        // A valid proof passes the key's rules; the event then meets the events API's own validation.
        using var valid = await host.CollectAsync(Batch(Identify("c8-6", "anon-c8", "c-known", UserHash.Compute("c-known", CollectHost.IdentitySecretA))));
        Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
    }

    [Fact]
    public async Task The_snippet_is_served_minified_and_under_4_KiB_gzipped()
    {
        using var client = host.Client(null);
        using var response = await client.GetAsync("/t.js", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        var script = await response.Content.ReadAsByteArrayAsync(Ct);
        var source = await File.ReadAllBytesAsync(Path.Combine(RepositoryFiles.Root, "silo/Collect/client/src/t.js"), Ct);
        var gzipped = Gzipped(script);
        TestContext.Current.SendDiagnosticMessage($"snippet: {source.Length} bytes raw, {script.Length} minified, {gzipped} gzipped");
        Assert.True(script.Length < source.Length * 0.7, $"minified ({script.Length} bytes) is much smaller than the source ({source.Length})");
        Assert.True(gzipped < 4096, $"the snippet is {gzipped} bytes gzipped; at most 4 KiB");
        Assert.DoesNotContain("// ", System.Text.Encoding.UTF8.GetString(script), StringComparison.Ordinal);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/t.js");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_sees_the_tenants_browser_settings_and_script_tag_but_never_the_identity_secret()
    {
        using var admin = await SignedInAsync("ada");
        using var response = await admin.GetAsync("/api/v1/browser", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var settings = JsonDocument.Parse(text).RootElement;
        Assert.Equal(CollectHost.PublishableA, settings.GetProperty("publishableKey").GetString());
        Assert.Equal([host.PageOrigin, CollectHost.OriginA], settings.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()!).Order(StringComparer.Ordinal));
        Assert.True(settings.GetProperty("identifyEnabled").GetBoolean());
        Assert.Equal($"<script src=\"{host.BaseAddress.ToString().TrimEnd('/')}/t.js\" data-key=\"{CollectHost.PublishableA}\" async></script>", settings.GetProperty("scriptTag").GetString());
        Assert.DoesNotContain(CollectHost.IdentitySecretA, text, StringComparison.Ordinal);

        using var agent = await SignedInAsync("ben");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/browser", Ct)).StatusCode);
    }

    private async Task<HttpClient> SignedInAsync(string username)
    {
        var client = host.Client(null);
        using var login = await client.PostAsync("/api/v1/auth/login", Body.Raw(JsonSerializer.Serialize(new { username, password = CollectHost.AgentPassword })), Ct);
        var token = (await login.Json()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static int Gzipped(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return (int)buffer.Length;
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin, string method, string headers, string? key = null)
    {
        using var client = host.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Options, key is null ? "/api/v1/collect" : $"/api/v1/collect?key={key}");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers.Length > 0)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }

        return await client.SendAsync(request, Ct);
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field, string detail)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
