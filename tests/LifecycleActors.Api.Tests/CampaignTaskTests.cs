using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>Task campaigns: a VIP-style trigger gives the agents a task, pushed on the hub, claimed and done once.</summary>
public sealed class CampaignTaskTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_task_campaign_puts_one_task_per_entry_in_the_work_queue_and_agents_claim_and_finish_it()
    {
        await host.CreateCampaignAsync(new
        {
            id = "call-new-buyers",
            trigger = new { kind = "stage", to = "one_time" },
            filters = new { minSpend365 = 50 },
            action = new { type = "task", title = "Call this new buyer" },
        });
        await using var alice = await HubAgent.ConnectAsync(host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using var bob = await HubAgent.ConnectAsync(host.BaseAddress, "bob", DashboardHost.BobPassword);

        using var client = host.Client();
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        await client.PostAsync("/api/v1/events", Body.Of(
            Body.Order("ct-1", "big-buyer", "ct-o1", 80m, at),
            Body.Order("ct-2", "small-buyer", "ct-o2", 10m, at)), Ct);

        using var agent = await host.AgentClientAsync("alice", DashboardHost.AlicePassword);
        var open = await Eventually.Get(
            async () => await agent.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=open", Ct),
            t => t.GetProperty("items").EnumerateArray().Any(x => x.GetProperty("customerId").GetString() == "big-buyer"),
            what: "the task in the work queue");
        var task = open.GetProperty("items").EnumerateArray().Single(x => x.GetProperty("campaignId").GetString() == "call-new-buyers");
        Assert.Equal("Call this new buyer", task.GetProperty("title").GetString());
        var id = task.GetProperty("id").GetString()!;
        await Eventually.Get(() => Task.FromResult(alice.Tasks.ToList()), t => t.Any(x => x.Contains("big-buyer", StringComparison.Ordinal)), what: "the task pushed on the hub");

        var claimed = await agent.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(id)}/claim", null, Ct);
        Assert.Equal(HttpStatusCode.OK, claimed.StatusCode);
        Assert.Equal("alice", (await claimed.Json()).GetProperty("claimedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(id)}/claim", null, Ct)).StatusCode);
        var done = await agent.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(id)}/done", null, Ct);
        Assert.Equal("done", (await done.Json()).GetProperty("status").GetString());
        await Eventually.Get(() => Task.FromResult(alice.Tasks.ToList()), t => t.Any(x => x.Contains("\"status\":\"done\"", StringComparison.Ordinal)), what: "the done task pushed");

        // Another shop's agent sees neither the task nor its push.
        using var other = await host.AgentClientAsync("bob", DashboardHost.BobPassword);
        Assert.Empty(bob.Tasks);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/v1/tasks", Ct)).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/tasks/{Uri.EscapeDataString(id)}/claim", null, Ct)).StatusCode);
        var all = await agent.GetFromJsonAsync<JsonElement>("/api/v1/tasks", Ct);
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), x => x.GetProperty("customerId").GetString() == "small-buyer");
    }
}
