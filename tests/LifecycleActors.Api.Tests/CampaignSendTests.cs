using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Tests.Support;
using LifecycleActors.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleActors.Api.Tests;

/// <summary>Campaigns end to end: transitions in over the API, signed webhooks out to a real receiver, exactly once.</summary>
public sealed class CampaignSendTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_qualifying_transition_is_sent_once_signed_even_when_it_reaches_the_campaign_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.CreateCampaignAsync(Webhook("first-order", "one_time", receiver));

        await PostOrdersAsync("fo", 3);
        await receiver.WaitForAcceptedAsync(3, Deadline);

        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
        var body = JsonDocument.Parse(receiver.Requests[0].Body).RootElement;
        Assert.Equal("first-order", body.GetProperty("campaignId").GetString());
        Assert.Equal("one_time", body.GetProperty("transition").GetProperty("to").GetString());
        Assert.Equal("tpl-first-order", body.GetProperty("templateId").GetString());
        Assert.Equal(["shop-a:first-order:fo-0:1", "shop-a:first-order:fo-1:1", "shop-a:first-order:fo-2:1"], receiver.Accepted.Order());

        // Every send's outcome recorded: a send whose answer came after the 1 s attempt timeout (a loaded machine) has
        // been retried with the same Idempotency-Key by now, so the receiver has seen everything it will see.
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        await Eventually.Get(
            async () => await carol.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/first-order/stats", Ct),
            s => s.GetProperty("sent").GetInt32() == 3,
            timeout: Deadline,
            what: "the three sends recorded as sent");
        var seen = receiver.Requests.Count;

        // The same transition handed over again (as after a crash): its campaign entry exists, nothing is sent again.
        var grains = host.App.Services.GetRequiredService<IGrainFactory>();
        var transition = new TransitionRecord("shop-a", "fo-0", "stage", "prospect", "one_time", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, 1, "first order");
        await grains.GetGrain<ICampaignGrain>(CampaignKey.Of("shop-a", "first-order")).EnterAsync([new CampaignCandidate(transition, "one_time", false, false, 10m)]);
        await grains.GetGrain<ICampaignGrain>(CampaignKey.Of("shop-a", "first-order")).RunDueAsync();
        Assert.Equal(seen, receiver.Requests.Count);
        Assert.Equal(3, receiver.Accepted.Count);
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_exactly_one_accepted_send()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(500, times: 1);
        await host.CreateCampaignAsync(Webhook("retry-once", "one_time", receiver));

        await PostOrdersAsync("ro", 1);
        await receiver.WaitForAcceptedAsync(1, Deadline);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.Equal(receiver.Requests[0].IdempotencyKey, receiver.Requests[1].IdempotencyKey);
        Assert.Single(receiver.Accepted);
    }

    [Fact]
    public async Task Sends_that_keep_failing_are_dead_lettered_and_an_administrator_can_retry_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(503, times: 3);
        await host.CreateCampaignAsync(Webhook("always-down", "one_time", receiver));
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);

        await PostOrdersAsync("dl", 1);
        var dead = await Eventually.Get(
            async () => await carol.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/always-down/dead-letters", Ct),
            d => d.GetProperty("items").GetArrayLength() == 1,
            timeout: Deadline,
            what: "a dead letter");
        var letter = dead.GetProperty("items")[0];
        Assert.Equal("dead_lettered", letter.GetProperty("status").GetString());
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Empty(receiver.Accepted);

        var retry = await carol.PostAsync("/api/v1/campaigns/always-down/dead-letters/dl-0/1/retry", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await receiver.WaitForAcceptedAsync(1, Deadline);
        var stats = await Eventually.Get(
            async () => await carol.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/always-down/stats", Ct),
            s => s.GetProperty("sent").GetInt32() == 1,
            timeout: Deadline,
            what: "the retried send recorded as sent");
        Assert.Equal(0, stats.GetProperty("deadLettered").GetInt32());
    }

    [Fact]
    public async Task An_unsubscribed_customer_gets_no_message()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await host.CreateCampaignAsync(Webhook("consent", "one_time", receiver));
        using var client = host.Client();
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await client.PostAsync("/api/v1/events", Body.Of(
            Body.Event("un-1", "unsub-1", "unsubscribed", at),
            Body.Order("un-2", "unsub-1", "un-o", 20m, at.AddMinutes(1)),
            Body.Order("un-3", "sub-1", "un-o2", 20m, at.AddMinutes(1))), Ct);

        await receiver.WaitForAcceptedAsync(1, Deadline);
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        var stats = await Eventually.Get(
            async () => await carol.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/consent/stats", Ct),
            s => s.GetProperty("suppressed").GetInt32() == 1 && s.GetProperty("sent").GetInt32() == 1,
            timeout: Deadline,
            what: "the unsubscribed customer suppressed");
        Assert.Equal(1, stats.GetProperty("sent").GetInt32());
        Assert.Equal(["shop-a:consent:sub-1:1"], receiver.Accepted);
    }

    [Fact]
    public async Task Campaigns_are_managed_by_administrators_with_precise_errors()
    {
        using var alice = await host.AgentClientAsync("alice", DashboardHost.AlicePassword);
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        var campaign = new { id = "managed", trigger = new { kind = "stage", to = "lapsed" }, action = new { type = "task" } };

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync("/api/v1/campaigns", campaign, Ct)).StatusCode);
        using var anonymous = host.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/campaigns", Ct)).StatusCode);

        var bad = await carol.PostAsJsonAsync("/api/v1/campaigns", new { id = "bad", trigger = new { kind = "stage", to = "gone" }, action = new { type = "task" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("trigger.to", (await bad.Json()).GetProperty("field").GetString());
        var badUrl = await carol.PostAsJsonAsync("/api/v1/campaigns", new
        {
            id = "bad-url",
            trigger = new { kind = "stage", to = "lapsed" },
            action = new { type = "webhook", url = "ftp://example.com/x", secret = "0123456789abcdef" },
        }, Ct);
        Assert.Equal("action.url", (await badUrl.Json()).GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.Created, (await carol.PostAsJsonAsync("/api/v1/campaigns", campaign, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await carol.PostAsJsonAsync("/api/v1/campaigns", campaign, Ct)).StatusCode);
        var paused = await (await carol.PostAsync("/api/v1/campaigns/managed/pause", null, Ct)).Json();
        Assert.True(paused.GetProperty("paused").GetBoolean());
        var listed = await carol.GetFromJsonAsync<JsonElement>("/api/v1/campaigns", Ct);
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == "managed");
        Assert.Equal(HttpStatusCode.NotFound, (await carol.GetAsync("/api/v1/campaigns/nope", Ct)).StatusCode);
    }

    private static object Webhook(string id, string to, WebhookReceiver receiver) => new
    {
        id,
        name = id,
        trigger = new { kind = "stage", to },
        action = new { type = "webhook", url = receiver.Url.ToString(), secret = WebhookReceiver.Secret, templateId = $"tpl-{id}" },
    };

    private async Task PostOrdersAsync(string prefix, int customers)
    {
        using var client = host.Client();
        var events = Enumerable.Range(0, customers)
            .Select(i => Body.Order($"{prefix}-e{i}", $"{prefix}-{i}", $"{prefix}-o{i}", 25m, DateTimeOffset.UtcNow.AddMinutes(-1)))
            .ToArray();
        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
