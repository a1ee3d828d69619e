using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The dashboard as a standalone Orleans client of the cluster: agents connected to it see what customers on the silo
/// do, through the cluster's live fan-out, and read customers through it; it accepts no events.
/// </summary>
public sealed class StandaloneDashboardTests(StandaloneDashboardHost host) : IClassFixture<StandaloneDashboardHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agents_on_the_standalone_dashboard_receive_the_silos_transitions_and_watched_customers_of_their_tenant()
    {
        await using var alice = await HubAgent.ConnectAsync(host.StandaloneAddress, "alice", DashboardHost.AlicePassword);
        await using var bob = await HubAgent.ConnectAsync(host.StandaloneAddress, "bob", DashboardHost.BobPassword);
        await alice.Connection.InvokeAsync("WatchCustomer", "fan-watched", Ct);

        // The silo starts passing updates on once it has seen the standalone host register (within one renewal).
        var round = 0;
        await Eventually.Get(
            async () =>
            {
                round++;
                await PostOrder(ApiHost.KeyA, $"fan-a-{round}", $"fan-a-{round}");
                return alice.Transitions.ToList();
            },
            t => t.Count > 0,
            timeout: TimeSpan.FromSeconds(30),
            what: "a transition of the silo at the standalone dashboard");

        await PostOrder(ApiHost.KeyA, "fan-w-1", "fan-watched");
        await PostOrder(ApiHost.KeyB, "fan-b-1", "fan-b");
        await Eventually.Get(() => Task.FromResult(alice.Customers.ToList()), c => c.Any(x => x.Contains("\"fan-watched\"", StringComparison.Ordinal)), what: "watched customer pushed");
        await Eventually.Get(() => Task.FromResult(bob.Transitions.ToList()), t => t.Any(x => x.Contains("\"fan-b\"", StringComparison.Ordinal)), what: "bob's transition");
        Assert.Contains(alice.Transitions, t => t.Contains("\"to\":\"one_time\"", StringComparison.Ordinal));
        Assert.DoesNotContain(alice.Transitions, t => t.Contains("shop-b", StringComparison.Ordinal));
        Assert.DoesNotContain(bob.Transitions, t => t.Contains("shop-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_standalone_dashboard_reads_customers_with_a_token_from_any_host_and_accepts_no_events()
    {
        await PostOrder(ApiHost.KeyA, "fan-r-1", "fan-read");
        var siloToken = await HubAgent.LoginAsync(host.BaseAddress, "alice", DashboardHost.AlicePassword);
        using var client = new HttpClient { BaseAddress = host.StandaloneAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", siloToken);

        // Through the customer's grain on the silo, once the order is applied there.
        await Eventually.Get(
            async () => await client.GetAsync("/api/v1/customers/fan-read", Ct),
            response => response.StatusCode == HttpStatusCode.OK,
            what: "the customer read through the standalone dashboard");
        var customer = await client.GetFromJsonAsync<JsonElement>("/api/v1/customers/fan-read", Ct);
        Assert.Equal("one_time", customer.GetProperty("stage").GetString());
        await Eventually.Get(
            async () => (await client.GetFromJsonAsync<JsonElement>("/api/v1/stats", Ct)).GetProperty("customers").GetInt32(),
            customers => customers >= 1,
            what: "stats from the shared read model");

        // The KPIs from the shared log and read model, up to today on the wall clock (the dashboard keeps no tenant clock).
        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/v1/kpis?interval=day", Ct);
        Assert.Equal(30, kpis.GetProperty("periods").GetArrayLength());
        var periods = kpis.GetProperty("periods");
        Assert.True(periods[28].GetProperty("orders").GetInt32() + periods[29].GetProperty("orders").GetInt32() >= 1, "the order of a minute ago is counted");

        using var storefront = new HttpClient { BaseAddress = host.StandaloneAddress };
        storefront.DefaultRequestHeaders.Add("X-Api-Key", ApiHost.KeyA);
        var post = await storefront.PostAsync("/api/v1/events", Body.Of(Body.Order("fan-r-2", "fan-read", "fan-o", 5m)), Ct);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    private async Task PostOrder(string apiKey, string id, string customerId)
    {
        using var client = host.Client(apiKey);
        var response = await client.PostAsync("/api/v1/events", Body.Of(Body.Order(id, customerId, $"o-{id}", 10m, DateTimeOffset.UtcNow.AddMinutes(-1))), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
