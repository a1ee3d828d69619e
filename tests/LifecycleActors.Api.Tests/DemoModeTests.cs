using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary><c>--demo</c>: generated traffic that moves the agents' screen within seconds.</summary>
public sealed class DemoModeTests(DemoHost host) : IClassFixture<DemoHost>
{
    [Fact]
    public async Task The_demo_shop_fills_up_and_customers_lapse_on_their_own_schedule()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = host.Client(null);
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { username = "admin", password = DemoHost.AgentPassword }, ct);
        var token = (await login.Json()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var stats = await Eventually.Get(
            async () => await client.GetFromJsonAsync<JsonElement>("/api/v1/stats", ct),
            s => s.GetProperty("customers").GetInt32() >= 50 && Stage(s, "repeat") > 0 && Stage(s, "lapsed") > 0,
            timeout: TimeSpan.FromSeconds(90),
            what: "demo customers who buy again and who lapse");

        Assert.True(stats.GetProperty("eventsApplied").GetInt64() > stats.GetProperty("customers").GetInt32());
        var lapsed = await client.GetFromJsonAsync<JsonElement>("/api/v1/customers?stage=lapsed&limit=1", ct);
        var customer = lapsed.GetProperty("items")[0];
        Assert.StartsWith("shopper-", customer.GetProperty("customerId").GetString(), StringComparison.Ordinal);
        Assert.True(customer.GetProperty("orders").GetInt32() >= 1);
    }

    private static int Stage(JsonElement stats, string stage) => stats.GetProperty("stages").GetProperty(stage).GetInt32();
}
