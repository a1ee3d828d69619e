using System.Net;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary><c>identify</c> through the events API (secret key, no userHash): the link, its routing and the refusal of a second one.</summary>
public sealed class IdentifyApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_visitor_identified_from_the_server_becomes_the_customer_and_a_second_link_is_refused_by_its_index()
    {
        using var client = host.Client();
        var linked = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("idapi-1", "anon-idapi", "visit"),
            Body.Event("idapi-2", "anon-idapi", "identify", data: new { customerId = "idapi-c1" })), Ct);
        var again = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("idapi-3", "anon-idapi", "cart_updated", data: new { value = 12.5 }),
            Body.Event("idapi-4", "anon-idapi", "identify", data: new { customerId = "idapi-c2" }),
            Body.Event("idapi-5", "anon-idapi", "identify", data: new { customerId = "idapi-c1" })), Ct);

        Assert.Equal(HttpStatusCode.Accepted, linked.StatusCode);
        var second = await again.Json();
        Assert.Equal((1, 1), (second.GetProperty("accepted").GetInt32(), second.GetProperty("duplicates").GetInt32()));
        var refusal = Assert.Single(second.GetProperty("rejected").EnumerateArray());
        Assert.Equal((1, "idapi-4"), (refusal.GetProperty("index").GetInt32(), refusal.GetProperty("id").GetString()));
        Assert.StartsWith("data.customerId: this anonymous id is already linked to another customer", refusal.GetProperty("error").GetString(), StringComparison.Ordinal);

        var customer = await Eventually.Get(
            async () => await (await client.GetAsync("/api/v1/customers/idapi-c1", Ct)).Json(),
            c => c.TryGetProperty("eventsApplied", out var n) && n.GetInt32() == 3,
            what: "the visit, the identify and the later cart applied by the customer");
        Assert.Equal("prospect", customer.GetProperty("stage").GetString());
        var timeline = await (await client.GetAsync("/api/v1/customers/idapi-c1/timeline", Ct)).Json();
        Assert.Equal(
            ["cart_updated", "identify", "visit"],
            timeline.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "event")
                .Select(i => i.GetProperty("event").GetProperty("type").GetString()).Order());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/customers/idapi-c2", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_identify_under_a_known_customer_id_is_rejected_naming_the_field()
    {
        using var client = host.Client();
        var response = await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("idapi-k1", "idapi-known", "identify", data: new { customerId = "idapi-other" })), Ct);

        var body = await response.Json();
        Assert.Equal(
            "customerId: an identify is sent under the anonymous visitor id (anon-…)",
            Assert.Single(body.GetProperty("rejected").EnumerateArray()).GetProperty("error").GetString());
    }
}
