using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

public sealed class CustomersApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_shows_its_state_after_its_events()
    {
        using var client = host.Client();
        await client.PostAsync("/api/v1/events", Body.Of(
            Body.Order("get-1", "get-c1", "o-1", 30m, DateTimeOffset.UtcNow.AddDays(-20)),
            Body.Order("get-2", "get-c1", "o-2", 50m, DateTimeOffset.UtcNow.AddDays(-10))), Ct);

        var customer = await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/customers/get-c1", Ct)).Json(),
            c => c.TryGetProperty("orders", out var n) && n.GetInt32() == 2,
            what: "two orders applied");

        Assert.Equal("repeat", customer.GetProperty("stage").GetString());
        Assert.Equal(80m, customer.GetProperty("netSpend").GetDecimal());
        Assert.Equal(40m, customer.GetProperty("aov").GetDecimal());
        Assert.Equal(10, customer.GetProperty("expectedGapDays").GetDouble());
        foreach (var field in new[] { "customerId", "stage", "vip", "advocate", "orders", "netSpend", "spend365", "aov", "lastOrderAt",
            "expectedGapDays", "nextOrderExpectedAt", "lapseAt", "engagementScore", "temperature", "advocacyPoints", "pAlive",
            "expectedOrders90d", "predictedClv365", "unsubscribed", "updatedAt" })
        {
            Assert.True(customer.TryGetProperty(field, out _), $"missing {field}");
        }
    }

    [Fact]
    public async Task An_unknown_customer_is_404()
    {
        using var client = host.Client();

        var response = await client.GetAsync("/api/v1/customers/nobody-here", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task One_tenant_never_sees_or_changes_another_tenants_customers()
    {
        using var shopA = host.Client(ApiHost.KeyA);
        using var shopB = host.Client(ApiHost.KeyB);
        await shopA.PostAsync("/api/v1/events", Body.Of(Body.Order("iso-1", "iso-c1", "o-1", 10m)), Ct);
        await Eventually.Get(() => shopA.GetAsync("/api/v1/customers/iso-c1", Ct), r => r.StatusCode == HttpStatusCode.OK, what: "visible to A");

        // The same event id and customer id in shop B are B's own, not duplicates of A's.
        var inB = await (await shopB.PostAsync("/api/v1/events", Body.Of(Body.Event("iso-1", "iso-c1", "visit")), Ct)).Json();
        Assert.Equal(1, inB.GetProperty("accepted").GetInt32());
        var seenByB = await Eventually.Get(
            async () => await (await shopB.GetAsync("/api/v1/customers/iso-c1", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out _),
            what: "B's own customer");
        Assert.Equal(0, seenByB.GetProperty("orders").GetInt32());

        var seenByA = await (await shopA.GetAsync("/api/v1/customers/iso-c1", Ct)).Json();
        Assert.Equal(1, seenByA.GetProperty("orders").GetInt32());
        Assert.Equal(1, seenByA.GetProperty("eventsApplied").GetInt32());

        var listedByB = await Eventually.Get(
            async () => await (await shopB.GetAsync("/api/v1/customers?limit=500", Ct)).Json(),
            page => page.GetProperty("items").EnumerateArray().Any(c => c.GetProperty("customerId").GetString() == "iso-c1"),
            what: "B's listing");
        var isoInB = listedByB.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("customerId").GetString() == "iso-c1");
        Assert.Equal(0, isoInB.GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task Listing_filters_by_stage_and_pages_with_a_cursor()
    {
        using var client = host.Client(ApiHost.KeyB);
        var events = Enumerable.Range(0, 7).Select(i => Body.Order($"list-{i}", $"list-c{i}", "o-1", 10m)).ToList();
        events.Add(Body.Event("list-p", "list-prospect", "signup"));
        await client.PostAsync("/api/v1/events", Body.Of([.. events]), Ct);
        await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/stats", Ct)).Json(),
            s => s.GetProperty("stages").GetProperty("one_time").GetInt64() >= 7,
            what: "projection written");

        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/customers?stage=one_time&limit=3{(cursor is null ? "" : $"&cursor={cursor}")}", Ct)).Json();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"list-c{i}").Order(StringComparer.Ordinal), ids.Where(id => id.StartsWith("list-", StringComparison.Ordinal)));
        Assert.DoesNotContain("list-prospect", ids);
        Assert.True(pages >= 3);
    }

    [Theory]
    [InlineData("stage=sleepy", "stage")]
    [InlineData("vip=maybe", "vip")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=%25%25", "cursor")]
    public async Task Bad_listing_parameters_are_400_naming_the_field(string query, string field)
    {
        using var client = host.Client();

        var response = await client.GetAsync($"/api/v1/customers?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Json()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Stats_count_stages_and_flags_per_tenant()
    {
        using var client = host.Client();
        await client.PostAsync("/api/v1/events", Body.Of(Body.Event("stat-1", "stat-c1", "signup")), Ct);

        var stats = await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/stats", Ct)).Json(),
            s => s.GetProperty("stages").GetProperty("prospect").GetInt64() >= 1,
            what: "prospect counted");

        Assert.Equal(6, stats.GetProperty("stages").EnumerateObject().Count());
        Assert.Equal(
            stats.GetProperty("customers").GetInt64(),
            stats.GetProperty("stages").EnumerateObject().Sum(p => p.Value.GetInt64()));
    }

    [Fact]
    public async Task The_timeline_lists_events_and_transitions_newest_first_in_pages()
    {
        using var client = host.Client();
        var start = DateTimeOffset.UtcNow.AddDays(-12);
        await client.PostAsync("/api/v1/events", Body.Of(
            Body.Order("tl-1", "tl-c1", "o-1", 10m, start),
            Body.Event("tl-2", "tl-c1", "visit", start.AddDays(1)),
            Body.Order("tl-3", "tl-c1", "o-2", 10m, start.AddDays(2)),
            Body.Event("tl-4", "tl-c1", "email_clicked", start.AddDays(3), new { campaignId = "spring" })), Ct);
        await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/customers/tl-c1/timeline?limit=50", Ct)).Json(),
            t => t.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("kind").GetString() == "transition") >= 2,
            what: "transitions in the timeline");

        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/customers/tl-c1/timeline?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", Ct)).Json();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        var times = items.Select(i => i.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(4, items.Count(i => i.GetProperty("kind").GetString() == "event"));
        Assert.Equal(["one_time", "repeat"], items.Where(i => i.GetProperty("kind").GetString() == "transition")
            .Select(i => i.GetProperty("transition").GetProperty("to").GetString()).Reverse());
        var clicked = items.First(i => i.GetProperty("kind").GetString() == "event");
        Assert.Equal("spring", clicked.GetProperty("event").GetProperty("data").GetProperty("campaignId").GetString());
    }

    [Fact]
    public async Task Health_endpoints_answer_without_a_key()
    {
        using var client = host.Client(null);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", Ct)).StatusCode);
    }
}
