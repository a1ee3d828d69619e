using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Population;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>Population facts per tenant: refitted from the customers, applied to the customers they affect.</summary>
public sealed class ModelApiTests(ModelHost host) : IClassFixture<ModelHost>
{
    private static readonly DateTimeOffset Day0 = DateTimeOffset.UtcNow.AddDays(-100);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_refit_sets_the_vip_threshold_and_population_gap_and_customers_follow_them()
    {
        using var client = host.Client();
        var spenders = Enumerable.Range(1, 60).Select(i => (Id: $"s-{i}", Spend: i * 10m)).ToList();
        var events = spenders.Select(s => Order($"se-{s.Id}", s.Id, "o-1", s.Spend, 0)).ToList();

        // Forty customers who buy every 20 days: the tenant's typical gap.
        for (var i = 0; i < 40; i++)
        {
            events.Add(Order($"ge-{i}-a", $"g-{i}", "o-1", 5m, 0));
            events.Add(Order($"ge-{i}-b", $"g-{i}", "o-2", 5m, 20));
        }

        events.Add(Order("one-1", "one-timer", "o-1", 5m, 70));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/events", JsonContent.Create(events), Ct)).StatusCode);
        var stats = await Eventually.Get(
            () => client.GetFromJsonAsync<JsonElement>("/api/v1/stats", Ct),
            s => s.GetProperty("eventsApplied").GetInt64() == events.Count,
            what: "every order in the read model");
        Assert.Equal(101, stats.GetProperty("customers").GetInt64());

        var refit = await client.PostAsync("/api/v1/model/refit", null, Ct);
        Assert.Equal(HttpStatusCode.OK, refit.StatusCode);
        var model = await refit.Content.ReadFromJsonAsync<JsonElement>(Ct);

        var options = new RuleOptions();
        var spend365 = spenders.Select(s => s.Spend).Concat(Enumerable.Repeat(10m, 40)).Append(5m);
        var threshold = PopulationFacts.VipThreshold(spend365, options)!.Value;
        Assert.Equal(101, model.GetProperty("customers").GetInt64());
        Assert.Equal(threshold, model.GetProperty("vipThreshold").GetDecimal());
        Assert.Equal(20, model.GetProperty("populationGapDays").GetDouble());
        Assert.Equal(model.GetRawText(), (await client.GetFromJsonAsync<JsonElement>("/api/v1/model", Ct)).GetRawText());

        foreach (var (id, spend) in spenders.Where(s => s.Spend >= 1.05m * threshold || s.Spend < 0.75m * threshold))
        {
            var expected = spend >= threshold;
            await Eventually.Get(
                async () => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{id}", Ct)).GetProperty("vip").GetBoolean(),
                vip => vip == expected,
                what: $"{id} (spend365 {spend}) VIP {expected} under T = {threshold}");
        }

        await Eventually.Get(
            async () => (await client.GetStringAsync("/api/v1/customers/s-60/timeline", Ct)),
            timeline => timeline.Contains($"≥ threshold {threshold:0.##} (top 5 %)", StringComparison.Ordinal),
            what: "the VIP transition's reason names the threshold and its basis");

        var oneTimer = await client.GetFromJsonAsync<JsonElement>("/api/v1/customers/one-timer", Ct);
        Assert.Equal(20, oneTimer.GetProperty("expectedGapDays").GetDouble());

        // Another tenant's facts are its own.
        using var other = host.Client(ApiHost.KeyB);
        var otherModel = await (await other.PostAsync("/api/v1/model/refit", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(0, otherModel.GetProperty("customers").GetInt64());
        Assert.Equal(JsonValueKind.Null, otherModel.GetProperty("vipThreshold").ValueKind);
    }

    [Fact]
    public async Task The_model_needs_an_api_key()
    {
        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/model", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/model/refit", null, Ct)).StatusCode);
    }

    private static object Order(string id, string customerId, string orderId, decimal amount, int day) =>
        new { id, customerId, type = "order_placed", occurredAt = Day0.AddDays(day), data = new { orderId, amount } };
}
