using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Dashboard.Auth;

namespace LifecycleActors.Silo.Tests.Support;

/// <summary>
/// The real silo with campaigns that act fast (polled every 100 ms, retries from 100 ms, three attempts, 1 s
/// timeout, webhooks to loopback allowed) and an administrator, carol of shop-a, besides the dashboard's agents.
/// </summary>
public sealed class CampaignHost : DashboardHost
{
    public const string CarolPassword = "carol-password-1";

    private static readonly string CarolHash = PasswordHash.Create(CarolPassword);

    protected override IEnumerable<string> Arguments =>
    [
        .. AgentArguments,
        "--Lifecycle:Agents:2:Username", "carol",
        "--Lifecycle:Agents:2:PasswordHash", CarolHash,
        "--Lifecycle:Agents:2:Tenant", "shop-a",
        "--Lifecycle:Agents:2:Role", "admin",
        "--Lifecycle:Campaigns:PollInterval", "00:00:00.100",
        "--Lifecycle:Campaigns:RetryBaseDelay", "00:00:00.100",
        "--Lifecycle:Campaigns:MaxRetryDelay", "00:00:00.300",
        "--Lifecycle:Campaigns:MaxAttempts", "3",
        "--Lifecycle:Campaigns:WebhookTimeout", "00:00:01",
        "--Lifecycle:Campaigns:AllowPrivateNetworks", "true",
    ];

    /// <summary>An HTTP client signed in as <paramref name="username"/>.</summary>
    public async Task<HttpClient> AgentClientAsync(string username, string password)
    {
        var token = await HubAgent.LoginAsync(BaseAddress, username, password);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a campaign as carol; answers the response body.</summary>
    public async Task<JsonElement> CreateCampaignAsync(object campaign)
    {
        using var client = await AgentClientAsync("carol", CarolPassword);
        var response = await client.PostAsJsonAsync("/api/v1/campaigns", campaign, TestContext.Current.CancellationToken);
        var body = await response.Json();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body;
    }
}
