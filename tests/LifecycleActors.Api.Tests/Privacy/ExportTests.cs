using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests.Privacy;

/// <summary><c>GET /api/v1/customers/{id}/export</c>: one JSON document with everything held about the customer.</summary>
public sealed class ExportTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_export_holds_the_profile_every_event_of_the_customer_and_its_linked_visitor_and_its_transitions()
    {
        using var client = host.Client();
        var now = DateTimeOffset.UtcNow;
        await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("exp-1", "anon-exp", "visit", now.AddHours(-3), new { path = "/hats" }),
            Body.Event("exp-2", "anon-exp", "identify", now.AddHours(-2), new { customerId = "exp-c1" }),
            Body.Order("exp-3", "exp-c1", "exp-o1", 30m, now.AddHours(-1)),
            Body.Order("exp-4", "exp-other", "exp-o2", 99m, now.AddHours(-1))), Ct);
        await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/customers/exp-c1", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() == 3,
            what: "the customer's three events applied");
        await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/customers/exp-c1/timeline", Ct)).Json(),
            t => t.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("kind").GetString() == "transition"),
            what: "the customer's transition in the read model");

        var response = await client.GetAsync("/api/v1/customers/exp-c1/export", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var export = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(("shop-a", "exp-c1"), (export.GetProperty("tenant").GetString(), export.GetProperty("customerId").GetString()));
        Assert.Equal(1, export.GetProperty("profile").GetProperty("orders").GetInt32());
        Assert.Equal(
            ["exp-1", "exp-2", "exp-3"],
            export.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()).Order());
        Assert.Equal("/hats", export.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("eventId").GetString() == "exp-1").GetProperty("data").GetProperty("path").GetString());
        var transition = export.GetProperty("transitions").EnumerateArray().First();
        Assert.False(string.IsNullOrEmpty(transition.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Array, export.GetProperty("campaignEntries").ValueKind);
        Assert.Equal(JsonValueKind.Array, export.GetProperty("tasks").ValueKind);
        Assert.DoesNotContain("exp-other", export.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_customer_has_no_export_and_a_caller_without_credentials_gets_none()
    {
        using var client = host.Client();
        var unknown = await client.GetAsync("/api/v1/customers/exp-nobody/export", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("customerId", (await unknown.Json()).GetProperty("field").GetString());

        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/customers/exp-c1/export", Ct)).StatusCode);
    }
}
