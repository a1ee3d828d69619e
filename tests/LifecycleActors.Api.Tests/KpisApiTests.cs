using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>The real silo in event-time mode with shop-a in Berlin's time zone, for the KPI and cohort endpoints.</summary>
public sealed class BerlinEventTimeHost : ApiHost
{
    protected override IEnumerable<string> Arguments =>
    [
        "--Lifecycle:Clock", "event-time",
        "--Lifecycle:Tenants:0:TimeZone", "Europe/Berlin",
        "--Lifecycle:Scheduler:ScanInterval", "00:00:00.100",
    ];
}

/// <summary><c>GET /api/v1/kpis</c> and <c>GET /api/v1/cohorts</c> over a small history with known figures (contract §6, KPIs).</summary>
public sealed class KpisApiTests(BerlinEventTimeHost host) : IClassFixture<BerlinEventTimeHost>
{
    private static readonly DateTimeOffset January = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Months_in_the_tenants_time_zone_count_orders_net_of_later_refunds_buyers_retention_and_nps()
    {
        using var client = host.Client();
        await PostAsync(client,
            Body.Event("kv-1", "k-c3", "visit", January.AddDays(-8)),
            Body.Order("ko-1", "k-c1", "o-1", 100m, January),
            // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin: a February order.
            Body.Order("ko-3", "k-c2", "o-3", 40m, new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero)),
            Body.Order("ko-2", "k-c1", "o-2", 50m, new DateTimeOffset(2026, 2, 5, 12, 0, 0, TimeSpan.Zero)),
            Body.Event("kr-1", "k-c1", "order_refunded", new DateTimeOffset(2026, 2, 6, 12, 0, 0, TimeSpan.Zero), new { orderId = "o-1", amount = 30m }),
            Body.Event("kn-1", "k-c3", "nps_response", new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero), new { score = 10 }),
            Body.Event("kn-2", "k-c1", "nps_response", new DateTimeOffset(2026, 2, 11, 12, 0, 0, TimeSpan.Zero), new { score = 3 }),
            Body.Event("kv-2", "k-c3", "visit", new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));

        // The orders are in the log once acknowledged; the stage mix waits for the customers' transitions.
        var answer = await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/kpis?from=2026-01-01&to=2026-02-28&interval=month", Ct)).Json(),
            a => Period(a, 1).GetProperty("stages").GetProperty("repeat").GetInt32() == 1
                && Period(a, 1).GetProperty("stages").GetProperty("one_time").GetInt32() == 1,
            what: "February's stage mix");

        Assert.Equal("month", answer.GetProperty("interval").GetString());
        Assert.Equal("Europe/Berlin", answer.GetProperty("timeZone").GetString());
        Assert.Equal(2, answer.GetProperty("periods").GetArrayLength());
        var january = Period(answer, 0);
        Assert.Equal("2026-01-01", january.GetProperty("period").GetString());
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 0, 0, TimeSpan.Zero), january.GetProperty("start").GetDateTimeOffset());
        Assert.Equal((1, 70m, 1, 1, 70m), Figures(january));
        Assert.Equal(JsonValueKind.Null, january.GetProperty("nps").ValueKind);

        var february = Period(answer, 1);
        Assert.Equal((2, 90m, 2, 1, 45m), Figures(february));
        Assert.Equal(0.5m, february.GetProperty("repeatBuyerRate").GetDecimal());
        Assert.Equal(1m, february.GetProperty("retentionRate").GetDecimal());
        Assert.Equal(0m, february.GetProperty("nps").GetDecimal());
        Assert.Equal(2, february.GetProperty("npsResponses").GetInt32());
        Assert.Equal(1, february.GetProperty("stages").GetProperty("prospect").GetInt32());

        using var other = host.Client(ApiHost.KeyB);
        var otherShop = await (await other.GetAsync("/api/v1/kpis?from=2026-01-01&to=2026-02-28", Ct)).Json();
        Assert.All(otherShop.GetProperty("periods").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("orders").GetInt32()));

        var cohorts = (await (await client.GetAsync("/api/v1/cohorts", Ct)).Json()).GetProperty("cohorts");
        Assert.Equal(
            [("2026-01-01", 1, "1,1,0"), ("2026-02-01", 1, "1,0")],
            cohorts.EnumerateArray().Select(c => (
                c.GetProperty("month").GetString(),
                c.GetProperty("customers").GetInt32(),
                string.Join(",", c.GetProperty("retention").EnumerateArray().Select(r => r.GetDouble())))));
    }

    [Theory]
    [InlineData("interval=year", "interval")]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-03-01&to=2026-02-01", "from")]
    [InlineData("from=2020-01-01&to=2026-01-01&interval=day", "from")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string field)
    {
        using var client = host.Client();

        var response = await client.GetAsync($"/api/v1/kpis?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.StartsWith($"{field}: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_figures_are_refused()
    {
        using var client = host.Client(apiKey: null);

        var response = await client.GetAsync("/api/v1/kpis", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static JsonElement Period(JsonElement answer, int index) => answer.GetProperty("periods")[index];

    private static (int Orders, decimal Revenue, int Buyers, int NewBuyers, decimal Aov) Figures(JsonElement period) => (
        period.GetProperty("orders").GetInt32(),
        period.GetProperty("revenue").GetDecimal(),
        period.GetProperty("buyers").GetInt32(),
        period.GetProperty("newBuyers").GetInt32(),
        period.GetProperty("aov").GetDecimal());

    private static async Task PostAsync(HttpClient client, params object[] events)
    {
        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
