using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Credentials;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// The real silo with campaigns that act fast (polled every 100 ms, retries from 100 ms, three attempts, 1 s
/// timeout, webhooks to loopback allowed) and an administrator, carol of shop-a, besides the dashboard's agents.
/// </summary>
public class CampaignHost : DashboardHost
{
    public const string CarolPassword = "carol-password-1";

    private static readonly string CarolHash = PasswordHash.Create(CarolPassword);

    /// <summary>Carol, administrator of shop-a, and webhooks to loopback allowed; with <see cref="DashboardHost.AgentArguments"/>.</summary>
    public static IEnumerable<string> AdminArguments =>
    [
        "--Lifecycle:Agents:2:Username", "carol",
        "--Lifecycle:Agents:2:PasswordHash", CarolHash,
        "--Lifecycle:Agents:2:Tenant", "shop-a",
        "--Lifecycle:Agents:2:Role", "admin",
        "--Lifecycle:Campaigns:AllowPrivateNetworks", "true",
    ];

    protected override IEnumerable<string> Arguments =>
    [
        .. AgentArguments,
        .. AdminArguments,
        "--Lifecycle:Campaigns:PollInterval", "00:00:00.100",
        "--Lifecycle:Campaigns:RetryBaseDelay", "00:00:00.100",
        "--Lifecycle:Campaigns:MaxRetryDelay", "00:00:00.300",
        "--Lifecycle:Campaigns:MaxAttempts", "3",
        "--Lifecycle:Campaigns:WebhookTimeout", "00:00:01",
    ];

    /// <summary>An HTTP client signed in as <paramref name="username"/>.</summary>
    public Task<HttpClient> AgentClientAsync(string username, string password) => AgentClientAsync(BaseAddress, username, password);

    public static async Task<HttpClient> AgentClientAsync(Uri silo, string username, string password)
    {
        var token = await HubAgent.LoginAsync(silo, username, password);
        var client = new HttpClient { BaseAddress = silo };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a campaign as carol; answers the response body.</summary>
    public Task<JsonElement> CreateCampaignAsync(object campaign) => CreateCampaignAsync(BaseAddress, campaign);

    /// <summary>Creates a campaign as carol on the silo at <paramref name="silo"/>; answers the response body.</summary>
    public static async Task<JsonElement> CreateCampaignAsync(Uri silo, object campaign)
    {
        using var client = await AgentClientAsync(silo, "carol", CarolPassword);
        var response = await client.PostAsJsonAsync("/api/v1/campaigns", campaign, TestContext.Current.CancellationToken);
        var body = await response.Json();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body;
    }
}
