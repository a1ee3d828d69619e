using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace LifecycleActors.Api.Tests;

/// <summary>The agents' sign-in and the live hub, through a real Kestrel and the .NET SignalR client.</summary>
public sealed class HubTests(DashboardHost host) : IClassFixture<DashboardHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("alice", "wrong-password", HttpStatusCode.Unauthorized)]
    [InlineData("nobody", DashboardHost.AlicePassword, HttpStatusCode.Unauthorized)]
    [InlineData("", "x", HttpStatusCode.BadRequest)]
    [InlineData("alice", DashboardHost.AlicePassword, HttpStatusCode.OK)]
    public async Task Login_answers_a_token_only_for_good_credentials(string username, string password, HttpStatusCode expected)
    {
        using var client = host.Client(null);
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password }, Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var token = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString();
            Assert.Equal(3, token!.Split('.').Length);
        }
    }

    [Fact]
    public async Task An_anonymous_or_forged_connection_is_refused()
    {
        await using var anonymous = Connection(null);
        await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync(Ct));

        await using var forged = Connection("eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJzaG9wLWEifQ.c2lnbmF0dXJl");
        await Assert.ThrowsAsync<HttpRequestException>(() => forged.StartAsync(Ct));
    }

    [Fact]
    public async Task Transitions_reach_the_agents_of_their_tenant_only()
    {
        var alice = await ConnectAsync("alice", DashboardHost.AlicePassword);
        var bob = await ConnectAsync("bob", DashboardHost.BobPassword);
        await using var aliceConnection = alice;
        await using var bobConnection = bob;

        await PostOrder(ApiHost.KeyA, "hub-a-1", "feed-a");
        await PostOrder(ApiHost.KeyB, "hub-b-1", "feed-b");

        var seenByAlice = await Eventually.Get(() => Task.FromResult(alice.Transitions.ToList()), t => t.Any(x => x.Contains("\"feed-a\"", StringComparison.Ordinal)), what: "alice's transition");
        await Eventually.Get(() => Task.FromResult(bob.Transitions.ToList()), t => t.Any(x => x.Contains("\"feed-b\"", StringComparison.Ordinal)), what: "bob's transition");
        Assert.Contains(seenByAlice, t => t.Contains("\"to\":\"one_time\"", StringComparison.Ordinal) && t.Contains("\"tenant\":\"shop-a\"", StringComparison.Ordinal));
        Assert.DoesNotContain(alice.Transitions, t => t.Contains("shop-b", StringComparison.Ordinal));
        Assert.DoesNotContain(bob.Transitions, t => t.Contains("shop-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_watched_customer_is_pushed_until_it_is_unwatched()
    {
        var alice = await ConnectAsync("alice", DashboardHost.AlicePassword);
        await using var agent = alice;
        var connection = alice.Connection;
        await connection.InvokeAsync("WatchCustomer", "watched", Ct);
        await connection.InvokeAsync("WatchCustomer", "marker", Ct);

        await PostOrder(ApiHost.KeyA, "w-1", "watched");
        await Eventually.Get(() => Task.FromResult(alice.Customers.ToList()), c => c.Any(x => x.Contains("\"watched\"", StringComparison.Ordinal)), what: "watched customer pushed");

        await connection.InvokeAsync("UnwatchCustomer", "watched", Ct);
        var before = alice.Customers.Count(c => c.Contains("\"watched\"", StringComparison.Ordinal));
        await PostOrder(ApiHost.KeyA, "w-2", "watched");
        await PostOrder(ApiHost.KeyA, "m-1", "marker");
        await Eventually.Get(() => Task.FromResult(alice.Customers.ToList()), c => c.Any(x => x.Contains("\"marker\"", StringComparison.Ordinal)), what: "marker pushed");
        Assert.Equal(before, alice.Customers.Count(c => c.Contains("\"watched\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Stats_are_pushed_when_counts_change_at_most_four_times_a_second()
    {
        var alice = await ConnectAsync("alice", DashboardHost.AlicePassword);
        await using var agent = alice;
        var connection = alice.Connection;
        var started = DateTime.UtcNow;
        for (var i = 0; i < 20; i++)
        {
            await PostOrder(ApiHost.KeyA, $"st-{i}", $"stats-{i}");
        }

        using var client = host.Client();
        var expected = await Eventually.Get(
            async () => (await client.GetFromJsonAsync<JsonElement>("/api/v1/stats", Ct)).GetProperty("customers").GetInt64(),
            customers => customers >= 20,
            what: "customers counted");
        var last = await Eventually.Get(
            () => Task.FromResult(alice.Stats.LastOrDefault()),
            s => s is not null && JsonDocument.Parse(s).RootElement.GetProperty("customers").GetInt64() >= expected,
            what: "stats pushed with the new counts");
        var elapsed = (DateTime.UtcNow - started).TotalSeconds;
        Assert.True(alice.Stats.Count <= (4 * elapsed) + 1, $"{alice.Stats.Count} stats messages in {elapsed:F1} s");
        Assert.Contains("\"stages\":{", last, StringComparison.Ordinal);
    }

    private Task<HubAgent> ConnectAsync(string username, string password) => HubAgent.ConnectAsync(host.BaseAddress, username, password);

    private HubConnection Connection(string? token) => HubAgent.CreateConnection(host.BaseAddress, token);

    private async Task PostOrder(string apiKey, string id, string customerId)
    {
        using var client = host.Client(apiKey);
        var events = new[] { new { id, customerId, type = "order_placed", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1), data = new { orderId = $"o-{id}", amount = 10m } } };
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/events", events, Ct)).StatusCode);
    }
}
