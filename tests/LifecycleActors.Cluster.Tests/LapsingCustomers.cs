using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Ingestion;
using LifecycleActors.Rules.Events;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Cluster.Tests;

/// <summary>
/// One-time buyers whose lapse falls due at chosen wall-clock instants, and a win-back campaign that sends each of
/// them one webhook when they lapse. With <see cref="Settings"/> the lapse threshold is <see cref="LapseDays"/> for
/// every customer, so an order placed that long before an instant makes its customer lapse at that instant.
/// </summary>
internal sealed class LapsingCustomers(string prefix, int count)
{
    public const string CampaignId = "win-back";
    private const int LapseDays = 30;

    /// <summary>Silo settings: the fixed lapse threshold, quick scans and campaign polls, an admin of the tenant, loopback webhooks.</summary>
    public static readonly string[] Settings =
    [
        "--Lifecycle:Rules:LapseMinDays", $"{LapseDays}",
        "--Lifecycle:Rules:LapseMaxDays", $"{LapseDays}",
        "--Lifecycle:Scheduler:ScanInterval", "00:00:00.200",
        "--Lifecycle:Campaigns:PollInterval", "00:00:00.200",
        "--Lifecycle:Campaigns:RetryBaseDelay", "00:00:00.200",
        "--Lifecycle:Campaigns:MaxRetryDelay", "00:00:02",
        "--Lifecycle:Campaigns:MaxAttempts", "20",
        .. CampaignHost.AdminArguments,
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public IReadOnlyList<string> Ids { get; } = [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{i}")];

    /// <summary>When each customer lapses (set by <see cref="PostOrdersAsync"/>).</summary>
    public IReadOnlyList<DateTimeOffset> DueAt { get; private set; } = [];

    public static async Task CreateCampaignAsync(Uri silo, WebhookReceiver receiver)
    {
        using var admin = await AdminAsync(silo);
        var response = await admin.PostAsJsonAsync("/api/v1/campaigns", new
        {
            id = CampaignId,
            name = "Win-back",
            trigger = new { kind = "stage", to = "lapsed" },
            action = new { type = "webhook", url = receiver.Url.ToString(), secret = WebhookReceiver.Secret, templateId = CampaignId },
            holdoutPercent = 0,
            conversionDays = 30,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>One order per customer such that they lapse one after the other, from <paramref name="first"/> on,
    /// <paramref name="spacing"/> apart.</summary>
    public async Task PostOrdersAsync(HttpClient api, DateTimeOffset first, TimeSpan spacing)
    {
        DueAt = [.. Ids.Select((_, i) => first + (spacing * i))];
        var orders = Ids.Select((id, i) => CustomerEvent.Order($"{id}:order", id, DueAt[i].AddDays(-LapseDays), $"o-{id}", 25m)).ToArray();
        using var content = new ByteArrayContent(EventJson.WriteBatch(orders));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await api.PostAsync("/api/v1/events", content, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Every customer's timeline holds exactly one lapse, noticed no earlier than it fell due.</summary>
    public async Task AssertEachLapsedOnceAsync(HttpClient api, TimeSpan deadline)
    {
        for (var i = 0; i < Ids.Count; i++)
        {
            var lapses = await Eventually.Get(
                () => LapsesAsync(api, Ids[i]),
                found => found.Count > 0,
                deadline,
                $"{Ids[i]} lapsed");
            var lapse = Assert.Single(lapses);
            Assert.True(lapse.GetProperty("detectedAt").GetDateTimeOffset() >= DueAt[i], $"{Ids[i]} lapsed before it was due: {lapse}");
        }
    }

    /// <summary>The win-back campaign's stats once it has entered and sent every lapse.</summary>
    public async Task<JsonElement> SentStatsAsync(Uri silo, TimeSpan deadline)
    {
        using var admin = await AdminAsync(silo);
        return await Eventually.Get(
            async () => await admin.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{CampaignId}/stats", Ct),
            s => s.GetProperty("entered").GetInt32() >= Ids.Count && s.GetProperty("sent").GetInt32() >= Ids.Count,
            deadline,
            "every lapse entered and sent");
    }

    private static async Task<IReadOnlyList<JsonElement>> LapsesAsync(HttpClient api, string id)
    {
        var page = await (await api.GetAsync($"/api/v1/customers/{id}/timeline", Ct)).Json();
        return [.. page.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("kind").GetString() == "transition")
            .Select(item => item.GetProperty("transition"))
            .Where(t => t.GetProperty("kind").GetString() == "stage" && t.GetProperty("to").GetString() == "lapsed")];
    }

    private static async Task<HttpClient> AdminAsync(Uri silo)
    {
        var client = new HttpClient { BaseAddress = silo };
        var token = await HubAgent.LoginAsync(silo, "carol", CampaignHost.CarolPassword);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
