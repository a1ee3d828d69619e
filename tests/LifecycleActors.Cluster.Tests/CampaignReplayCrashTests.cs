using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Campaigns;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules;
using LifecycleActors.Rules.Events;
using LifecycleActors.Rules.State;
using LifecycleActors.Tests.Support;
using LifecycleActors.Traffic;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// The campaigns' promise over a replayed history, across a SIGKILL: a webhook receiver counts exactly one signed
/// send per qualifying transition (entering lapsed), minus the holdout and the customers without consent.
/// The kill comes while a send is in flight (written as a campaign entry, sent, not yet recorded as sent).
/// </summary>
public sealed class CampaignReplayCrashTests
{
    private const string Tenant = "default";
    private const string ApiKey = "campaign-replay-key-0123456789";
    private const string AgentPassword = "replay-admin-password";
    private const int HoldoutPercent = 20;
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replayed_history_with_a_silo_crash_sends_each_lapse_exactly_once()
    {
        // A shop's history without referrals (whose conversions apply when the message arrives, not at the order's time).
        var history = new DemoShoppers(5, 120, Start, 200, "cr").Until(Start.AddDays(420))
            .Where(e => e.Type != EventType.ReferralMade).ToList();
        var (expected, entered, unsubscribedAt) = ExpectedSends(history);
        Assert.True(expected.Count >= 20, $"the history has {expected.Count} qualifying lapses");

        using var directory = new TempDirectory();
        await using var receiver = await WebhookReceiver.StartAsync();
        string[] settings =
        [
            "--Lifecycle:Clock", "event-time",
            "--LIFECYCLE_BOOTSTRAP_AGENT_PASSWORD", AgentPassword,
            "--Lifecycle:Scheduler:ScanInterval", "00:00:00.200",
            "--Lifecycle:Model:RefitInterval", "1.00:00:00",
            "--Lifecycle:Campaigns:PollInterval", "00:00:00.100",
            "--Lifecycle:Campaigns:RetryBaseDelay", "00:00:00.100",
            "--Lifecycle:Campaigns:MaxRetryDelay", "00:00:00.500",
            "--Lifecycle:Campaigns:WebhookTimeout", "00:00:30",
            "--Lifecycle:Campaigns:AllowPrivateNetworks", "true",
        ];
        var silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey, settings);
        try
        {
            await CreateCampaignAsync(silo, receiver);

            // The first send is answered only after a long pause: the silo is killed while it waits.
            receiver.Delay(TimeSpan.FromSeconds(4), times: 1);
            var batches = history.Chunk(250).ToList();
            var posted = 0;
            while (receiver.Requests.Count == 0 && posted < batches.Count)
            {
                await PostAsync(silo, batches[posted++]);
            }

            await receiver.WaitForRequestsAsync(1, Deadline);
            await silo.KillAsync();
            await silo.DisposeAsync();
            silo = await SiloProcess.StartAsync(directory.Path, directory.SqliteConnectionString, Tenant, ApiKey, settings);

            // The storefront sends the rest (and the last batch again, as it got no answer for it perhaps).
            for (var i = Math.Max(0, posted - 1); i < batches.Count; i++)
            {
                await PostAsync(silo, batches[i]);
            }

            // Settled: every lapse entered, and every entry acted on (sent, suppressed or held out; none pending).
            var stats = await SettledStatsAsync(silo, entered);

            // Customers who unsubscribed at some point are judged apart: consent is checked when the message is due.
            var sent = receiver.Accepted.Where(key => !unsubscribedAt.ContainsKey(key.Split(':')[2])).ToHashSet();
            Assert.True(
                sent.SetEquals(expected),
                $"missing: {string.Join(", ", expected.Except(sent))}; unexpected: {string.Join(", ", sent.Except(expected))}");
            Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid));
            foreach (var request in receiver.Requests)
            {
                var body = JsonDocument.Parse(request.Body).RootElement;
                if (unsubscribedAt.TryGetValue(body.GetProperty("customerId").GetString()!, out var unsubscribed))
                {
                    Assert.True(body.GetProperty("transition").GetProperty("at").GetDateTimeOffset() < unsubscribed, "no message after unsubscribing");
                }
            }

            Assert.Equal(0, receiver.Rejected);

            // The send in flight at the kill was sent again after the restart, with the same key, and counted once.
            Assert.Contains(receiver.Requests.GroupBy(r => r.IdempotencyKey), sameKey => sameKey.Count() > 1);
            // The campaign entries agree with the receiver: every accepted send is recorded as sent, nothing else.
            Assert.Equal(receiver.Accepted.Count, stats.GetProperty("sent").GetInt32());
            Assert.True(stats.GetProperty("holdout").GetInt32() > 0, "some lapses are held out");
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>
    /// The idempotency keys the rules say must be sent (lapses of customers not held out who never unsubscribed),
    /// how many lapses there are in all, and when customers unsubscribed.
    /// </summary>
    private static (HashSet<string> Keys, int Lapses, Dictionary<string, DateTimeOffset> UnsubscribedAt) ExpectedSends(IReadOnlyList<CustomerEvent> history)
    {
        var lapses = 0;
        var unsubscribed = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var rules = new CustomerRules(new RuleOptions());
        var facts = TenantFacts.None;
        var watermark = history.Max(e => e.OccurredAt);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var customer in history.GroupBy(e => e.CustomerId))
        {
            var state = new CustomerState();
            var transitions = new List<Transition>();
            foreach (var e in customer)
            {
                transitions.AddRange(rules.Apply(state, e, facts, e.OccurredAt).Transitions);
            }

            transitions.AddRange(rules.Advance(state, facts, watermark).Transitions);
            var lapsed = transitions.Where(t => t.Kind == TransitionKind.Stage && t.To == Stage.Lapsed.ToWireName()).ToList();
            lapses += lapsed.Count;
            if (customer.FirstOrDefault(e => e.Type == EventType.Unsubscribed) is { } unsubscribe)
            {
                unsubscribed[customer.Key] = unsubscribe.OccurredAt;
                continue;
            }

            if (Holdout.IsHeldOut("win-back", customer.Key, HoldoutPercent))
            {
                continue;
            }

            keys.UnionWith(lapsed.Select(t => $"{Tenant}:win-back:{customer.Key}:{t.Sequence}"));
        }

        return (keys, lapses, unsubscribed);
    }

    private static async Task CreateCampaignAsync(SiloProcess silo, WebhookReceiver receiver)
    {
        using var client = new HttpClient { BaseAddress = silo.BaseAddress };
        var token = await HubAgent.LoginAsync(silo.BaseAddress, "admin", AgentPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.PostAsJsonAsync("/api/v1/campaigns", new
        {
            id = "win-back",
            name = "Win-back",
            trigger = new { kind = "stage", to = "lapsed" },
            action = new { type = "webhook", url = receiver.Url.ToString(), secret = WebhookReceiver.Secret, templateId = "win-back" },
            holdoutPercent = HoldoutPercent,
            conversionDays = 30,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task PostAsync(SiloProcess silo, CustomerEvent[] batch)
    {
        using var client = new HttpClient { BaseAddress = silo.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        using var content = new ByteArrayContent(EventJson.WriteBatch(batch));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/api/v1/events", content, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The campaign's stats once it has entered every lapse and acted on every entry (nothing pending).</summary>
    private static async Task<JsonElement> SettledStatsAsync(SiloProcess silo, int entered)
    {
        using var client = new HttpClient { BaseAddress = silo.BaseAddress };
        var token = await HubAgent.LoginAsync(silo.BaseAddress, "admin", AgentPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Eventually.Get(
            async () => await client.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/win-back/stats", Ct),
            s => s.GetProperty("entered").GetInt32() == entered
                && entered == new[] { "sent", "suppressed", "holdout", "failed", "deadLettered" }.Sum(k => s.GetProperty(k).GetInt32()),
            timeout: Deadline,
            what: "every lapse entered and acted on");
    }
}
