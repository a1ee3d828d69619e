using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests.OpenApi;

/// <summary>
/// Real answers of the running service, happy and not, checked against the schema the OpenAPI document gives for
/// their path, method and status: a body the document does not describe fails.
/// </summary>
public sealed class OpenApiContractTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Storefront_answers_match_the_document()
    {
        using var shop = host.Client();
        var contract = await ApiContract.LoadAsync(shop);

        var posted = await shop.PostAsync("/api/v1/events", Body.Of(
            Body.Order("oa-1", "oa-c1", "oa-o1", 40m, DateTimeOffset.UtcNow.AddDays(-30)),
            Body.Order("oa-2", "oa-c1", "oa-o2", 60m, DateTimeOffset.UtcNow.AddDays(-3)),
            Body.Event("oa-3", "oa-c1", "visit", data: new { page = "/shoes" }),
            new { id = "oa-bad", type = "visit", occurredAt = Body.Recent }), Ct);
        await Expect(contract, posted, HttpStatusCode.Accepted, "/api/v1/events");
        await Eventually.Get(
            async () => await (await shop.GetAsync("/api/v1/customers/oa-c1", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out var applied) && applied.GetInt32() == 3,
            what: "the three events applied");

        await Expect(contract, await shop.GetAsync("/api/v1/customers/oa-c1", Ct), HttpStatusCode.OK, "/api/v1/customers/{customerId}");
        await Expect(contract, await shop.GetAsync("/api/v1/customers/oa-c1/timeline?limit=2", Ct), HttpStatusCode.OK, "/api/v1/customers/{customerId}/timeline");
        await Expect(contract, await shop.GetAsync("/api/v1/customers/oa-c1/timeline", Ct), HttpStatusCode.OK, "/api/v1/customers/{customerId}/timeline");
        var listed = await Eventually.Get(
            () => shop.GetAsync("/api/v1/customers?limit=1", Ct),
            r => r.StatusCode == HttpStatusCode.OK && r.Content.ReadAsStringAsync(Ct).Result.Contains("oa-c1", StringComparison.Ordinal),
            what: "the customer in the read model");
        await Expect(contract, listed, HttpStatusCode.OK, "/api/v1/customers");
        await Expect(contract, await shop.GetAsync("/api/v1/stats", Ct), HttpStatusCode.OK, "/api/v1/stats");
        await Expect(contract, await shop.GetAsync("/api/v1/model", Ct), HttpStatusCode.OK, "/api/v1/model");
        await Expect(contract, await shop.PostAsync("/api/v1/model/refit", null, Ct), HttpStatusCode.OK, "/api/v1/model/refit");
        await Expect(contract, await shop.GetAsync("/health/live", Ct), HttpStatusCode.OK, "/health/live");
        await Expect(contract, await shop.GetAsync("/health/ready", Ct), HttpStatusCode.OK, "/health/ready");
    }

    [Fact]
    public async Task Problems_match_the_document()
    {
        using var shop = host.Client();
        using var anonymous = host.Client(apiKey: null);
        var contract = await ApiContract.LoadAsync(shop);

        await Expect(contract, await shop.PostAsync("/api/v1/events", Body.Raw("{"), Ct), HttpStatusCode.BadRequest, "/api/v1/events");
        var tooMany = Enumerable.Range(0, 1001).Select(i => Body.Event($"oa-many-{i}", "oa-many", "visit")).ToArray();
        await Expect(contract, await shop.PostAsync("/api/v1/events", Body.Of(tooMany), Ct), HttpStatusCode.RequestEntityTooLarge, "/api/v1/events");
        await Expect(contract, await shop.GetAsync("/api/v1/customers?limit=0", Ct), HttpStatusCode.BadRequest, "/api/v1/customers");
        await Expect(contract, await shop.GetAsync("/api/v1/customers/nobody-here", Ct), HttpStatusCode.NotFound, "/api/v1/customers/{customerId}");
        await Expect(contract, await anonymous.GetAsync("/api/v1/stats", Ct), HttpStatusCode.Unauthorized, "/api/v1/stats");
        await Expect(contract, await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "alice" }, Ct), HttpStatusCode.BadRequest, "/api/v1/auth/login");
        await Expect(
            contract,
            await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "alice", password = "not-her-password" }, Ct),
            HttpStatusCode.Unauthorized,
            "/api/v1/auth/login");
        // Refused by the authorization middleware rather than a handler: the status code pages write the problem.
        await Expect(contract, await anonymous.GetAsync("/api/v1/campaigns", Ct), HttpStatusCode.Unauthorized, "/api/v1/campaigns");
    }

    [Fact]
    public async Task Agent_and_administrator_answers_match_the_document()
    {
        using var anonymous = host.Client(apiKey: null);
        var contract = await ApiContract.LoadAsync(anonymous);
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "carol", password = CampaignHost.CarolPassword }, Ct);
        await Expect(contract, login, HttpStatusCode.OK, "/api/v1/auth/login");
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        using var alice = await host.AgentClientAsync("alice", DashboardHost.AlicePassword);

        var webhook = new
        {
            id = "oa-webhook",
            trigger = new { kind = "stage", to = "repeat" },
            filters = new { vip = false },
            action = new { type = "webhook", url = "http://127.0.0.1:9/hook", secret = "a-secret-of-the-shop" },
            cap = new { max = 2, windowDays = 30 },
            quietHours = new { start = "22:00", end = "07:00" },
            holdoutPercent = 10,
        };
        await Expect(contract, await carol.PostAsJsonAsync("/api/v1/campaigns", webhook, Ct), HttpStatusCode.Created, "/api/v1/campaigns");
        await Expect(contract, await carol.PostAsJsonAsync("/api/v1/campaigns", webhook, Ct), HttpStatusCode.Conflict, "/api/v1/campaigns");
        var task = new { id = "oa-task", trigger = new { kind = "stage", to = "one_time" }, action = new { type = "task", title = "Welcome call" } };
        await Expect(contract, await carol.PostAsJsonAsync("/api/v1/campaigns", task, Ct), HttpStatusCode.Created, "/api/v1/campaigns");
        await Expect(contract, await carol.GetAsync("/api/v1/campaigns", Ct), HttpStatusCode.OK, "/api/v1/campaigns");
        await Expect(contract, await carol.GetAsync("/api/v1/campaigns/oa-webhook", Ct), HttpStatusCode.OK, "/api/v1/campaigns/{campaignId}");
        await Expect(contract, await carol.GetAsync("/api/v1/campaigns/no-such", Ct), HttpStatusCode.NotFound, "/api/v1/campaigns/{campaignId}");
        await Expect(contract, await carol.PostAsync("/api/v1/campaigns/oa-webhook/pause", null, Ct), HttpStatusCode.OK, "/api/v1/campaigns/{campaignId}/pause");
        await Expect(contract, await carol.PostAsync("/api/v1/campaigns/oa-webhook/resume", null, Ct), HttpStatusCode.OK, "/api/v1/campaigns/{campaignId}/resume");
        await Expect(contract, await carol.GetAsync("/api/v1/campaigns/oa-webhook/stats", Ct), HttpStatusCode.OK, "/api/v1/campaigns/{campaignId}/stats");
        await Expect(contract, await carol.GetAsync("/api/v1/campaigns/oa-webhook/dead-letters", Ct), HttpStatusCode.OK, "/api/v1/campaigns/{campaignId}/dead-letters");
        await Expect(
            contract,
            await carol.PostAsync("/api/v1/campaigns/oa-webhook/dead-letters/nobody/1/retry", null, Ct),
            HttpStatusCode.NotFound,
            "/api/v1/campaigns/{campaignId}/dead-letters/{customerId}/{sequence}/retry");
        await Expect(contract, await alice.GetAsync("/api/v1/campaigns", Ct), HttpStatusCode.Forbidden, "/api/v1/campaigns");

        using var shop = host.Client();
        await shop.PostAsync("/api/v1/events", Body.Of(Body.Order("oa-t1", "oa-new-buyer", "oa-t-o1", 25m)), Ct);
        var queue = await Eventually.Get(
            () => alice.GetAsync("/api/v1/tasks?status=open", Ct),
            r => r.Content.ReadAsStringAsync(Ct).Result.Contains("oa-new-buyer", StringComparison.Ordinal),
            what: "the welcome call in the work queue");
        await Expect(contract, queue, HttpStatusCode.OK, "/api/v1/tasks");
        var taskId = (await alice.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=open", Ct)).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("customerId").GetString() == "oa-new-buyer").GetProperty("id").GetString()!;
        await Expect(contract, await alice.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(taskId)}/claim", null, Ct), HttpStatusCode.OK, "/api/v1/tasks/{taskId}/claim");
        await Expect(contract, await alice.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(taskId)}/claim", null, Ct), HttpStatusCode.Conflict, "/api/v1/tasks/{taskId}/claim");
        await Expect(contract, await alice.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(taskId)}/done", null, Ct), HttpStatusCode.OK, "/api/v1/tasks/{taskId}/done");
        await Expect(contract, await alice.GetAsync("/api/v1/tasks?status=lost", Ct), HttpStatusCode.BadRequest, "/api/v1/tasks");
        await Expect(contract, await alice.PostAsync("/api/v1/tasks/no-such-task/claim", null, Ct), HttpStatusCode.NotFound, "/api/v1/tasks/{taskId}/claim");
    }

    [Fact]
    public async Task A_body_that_breaks_the_schema_fails_the_check()
    {
        using var anonymous = host.Client(apiKey: null);
        var contract = await ApiContract.LoadAsync(anonymous);
        var schema = contract.Response("/api/v1/customers/{customerId}", "GET", 200)["content"]!["application/json"]!["schema"]!;
        var good = JsonNode.Parse("""
            {"customerId":"c","stage":"repeat","vip":false,"advocate":false,"orders":2,"netSpend":80,"spend365":80,"aov":40,
             "lastOrderAt":null,"expectedGapDays":10,"nextOrderExpectedAt":null,"lapseAt":null,"engagementScore":0,
             "temperature":"cold","advocacyPoints":0,"pAlive":null,"expectedOrders90d":null,"predictedClv365":null,
             "unsubscribed":false,"updatedAt":null,"eventsApplied":2}
            """)!.AsObject();

        Assert.True(Evaluate(contract, schema, good).IsValid);
        Assert.False(Evaluate(contract, schema, With(good, "orders", "two")).IsValid);
        Assert.False(Evaluate(contract, schema, With(good, "vip", null)).IsValid);
        Assert.False(Evaluate(contract, schema, Without(good, "stage")).IsValid);
    }

    private static async Task Expect(ApiContract contract, HttpResponseMessage response, HttpStatusCode status, string pathTemplate)
    {
        using (response)
        {
            Assert.True(
                response.StatusCode == status,
                $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {response.StatusCode}, expected {status}: {await response.Content.ReadAsStringAsync(Ct)}");
            await contract.AssertMatchesAsync(response, pathTemplate);
        }
    }

    private static Json.Schema.EvaluationResults Evaluate(ApiContract contract, JsonNode schema, JsonObject body)
    {
        using var instance = JsonDocument.Parse(body.ToJsonString());
        return contract.Evaluate(schema, instance.RootElement);
    }

    private static JsonObject With(JsonObject body, string property, JsonNode? value)
    {
        var copy = body.DeepClone().AsObject();
        copy[property] = value;
        return copy;
    }

    private static JsonObject Without(JsonObject body, string property)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove(property);
        return copy;
    }
}
