using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LifecycleActors.Silo.Api;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The JSON log of a whole session at Debug holds none of the configured keys, secrets, passwords, password hashes,
/// bearer tokens or customers' e-mail addresses, and its request lines carry the tenant and the trace id.
/// </summary>
public sealed class LogSecretsTests(LoggedSessionHost host) : IClassFixture<LoggedSessionHost>
{
    private const string BadApiKey = "not-a-key-of-any-shop-0123456789";
    private const string WrongPassword = "a-wrong-password-never-logged";
    private const string OtherWebhookSecret = "another-webhook-secret-never-logged";
    private const string ConnectorSecret = "a-shopify-signing-secret-never-logged";
    private const string RotatedConnectorSecret = "a-rotated-shopify-secret-never-logged";
    private static readonly string[] Emails = ["jane.doe@example.com", "j.roe+vip@example.org"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_at_debug_logs_no_key_secret_password_hash_token_or_email()
    {
        var tokens = await RunSessionAsync();

        string[] secrets =
        [
            ApiHost.KeyA, ApiHost.KeyB, BadApiKey, LoggedSessionHost.SigningKey,
            LoggedSessionHost.AgentPassword, LoggedSessionHost.AdminPassword, WrongPassword,
            .. HashParts(LoggedSessionHost.AgentPasswordHash), .. HashParts(LoggedSessionHost.AdminPasswordHash),
            WebhookReceiver.Secret, OtherWebhookSecret, ConnectorSecret, RotatedConnectorSecret,
            .. tokens, .. tokens.Select(t => t.Split('.')[2]),
            .. Emails,
        ];
        var log = host.Log.Text;
        Assert.True(log.Length > 10_000, $"the session logged only {log.Length} characters");
        Assert.All(host.Log.Lines, line => JsonDocument.Parse(line).Dispose());
        Assert.All(secrets, secret =>
        {
            if (log.Contains(secret, StringComparison.Ordinal))
            {
                Assert.Fail($"the log holds a secret: {LineWith(secret)}");
            }
        });
    }

    [Fact]
    public async Task Request_lines_carry_the_tenant_and_the_trace_id_in_their_scopes()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var shop = host.Client();
        shop.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/api/v1/stats", Ct)).StatusCode);

        var line = host.Log.Lines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(l => l.GetProperty("Category").GetString() == RequestLogging.Category)
            .LastOrDefault(l => ScopeValues(l, "TraceId").Contains(traceId));
        Assert.True(line.ValueKind == JsonValueKind.Object, $"no request line with trace id {traceId}");
        Assert.Contains("/api/v1/stats", line.GetProperty("Message").GetString());
        Assert.Equal(["shop-a"], ScopeValues(line, "Tenant"));
        Assert.Single(ScopeValues(line, "SpanId"));
        Assert.True(line.TryGetProperty("Timestamp", out _), "JSON lines carry a timestamp");
    }

    /// <summary>
    /// Events with e-mail addresses, a bad API key, bad and good sign-ins, reads by token and over the hub's WebSocket,
    /// a campaign created with its webhook secret, webhooks sent, refused and dead-lettered, a shop connector created
    /// and its secret rotated, a guest's order signed by the platform and one signed with a wrong secret, the Orleans
    /// Dashboard's pass: the tokens handed out.
    /// </summary>
    private async Task<List<string>> RunSessionAsync()
    {
        using var shop = host.Client();
        using var badKey = host.Client(BadApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await badKey.PostAsync("/api/v1/events", Body.Of(Body.Event("x-1", "ls-x", "signup")), Ct)).StatusCode);

        using var anonymous = host.Client(apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = "olga", password = WrongPassword }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { username = Emails[0], password = WrongPassword }, Ct)).StatusCode);
        var dora = await HubAgent.ConnectAsync(host.BaseAddress, "dora", LoggedSessionHost.AgentPassword);
        await using var doraHub = dora;
        // A browser cannot set headers on a WebSocket: the screen's hub client sends its token in the query string.
        using (var browserHub = new HttpClient { BaseAddress = host.BaseAddress })
        {
            var answer = await browserHub.GetAsync($"/hubs/lifecycle?id=x&access_token={dora.Token}", Ct);
            Assert.NotEqual(HttpStatusCode.Unauthorized, answer.StatusCode);
        }

        var olgaToken = await HubAgent.LoginAsync(host.BaseAddress, "olga", LoggedSessionHost.AdminPassword);
        using var olga = new HttpClient { BaseAddress = host.BaseAddress };
        olga.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", olgaToken);

        foreach (var secret in new[] { WebhookReceiver.Secret, OtherWebhookSecret })
        {
            var id = secret == WebhookReceiver.Secret ? "ls-thanks" : "ls-refused";
            var created = await olga.PostAsJsonAsync("/api/v1/campaigns", new
            {
                id,
                name = id,
                trigger = new { kind = "stage", to = "one_time" },
                action = new { type = "webhook", url = host.Receiver.Url.ToString(), secret, templateId = id },
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var posted = await shop.PostAsync("/api/v1/events", Body.Of(
            Body.Event("ls-e1", "ls-c1", "signup", data: new { email = Emails[0], name = "Jane Doe" }),
            Body.Order("ls-e2", "ls-c1", "ls-o1", 42m, DateTimeOffset.UtcNow.AddMinutes(-1)),
            Body.Event("ls-e3", "ls-c2", "signup", data: new { email = Emails[1] })), Ct);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var rejected = await (await shop.PostAsync("/api/v1/events", Body.Of(Body.Event("ls-bad", "ls-c3", "no_such_type", data: new { email = Emails[1] })), Ct)).Json();
        Assert.Equal(1, rejected.GetProperty("rejected").GetArrayLength());

        await host.Receiver.WaitForAcceptedAsync(3, Deadline); // welcome twice, the thank-you once
        await Eventually.Get(
            async () => await olga.GetFromJsonAsync<JsonElement>("/api/v1/campaigns/ls-refused/dead-letters", Ct),
            d => d.GetProperty("items").GetArrayLength() == 1,
            Deadline,
            "the refused webhook dead-lettered");
        await Eventually.Found(olga, "/api/v1/customers/ls-c1", "ls-c1 read by the admin");
        await Eventually.Get(() => Task.FromResult(dora.Transitions.Count), n => n > 0, Deadline, "a transition on dora's hub");

        Assert.Equal(HttpStatusCode.Created, (await olga.PostAsJsonAsync("/api/v1/connectors", new { id = "ls-shopify", platform = "shopify", secret = ConnectorSecret }, Ct)).StatusCode);
        var guestOrder = PlatformWebhooks.ShopifyOrder(ConnectorSecret, 99001, null, Emails[1], "12.50", DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(anonymous, guestOrder)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await olga.PostAsJsonAsync("/api/v1/connectors/ls-shopify/secret", new { secret = RotatedConnectorSecret }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostWebhookAsync(anonymous, guestOrder)).StatusCode);

        var pass = await olga.PostAsync(OrleansDashboardPass.Endpoint, null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, pass.StatusCode);
        var passToken = pass.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2)[1];
        using var dashboard = new HttpClient { BaseAddress = host.BaseAddress };
        dashboard.DefaultRequestHeaders.Add("Cookie", $"{OrleansDashboardPass.CookieName}={passToken}");
        Assert.Equal(HttpStatusCode.OK, (await dashboard.GetAsync("/orleans/DashboardCounters", Ct)).StatusCode);
        return [dora.Token, olgaToken, passToken];
    }

    private static async Task<HttpResponseMessage> PostWebhookAsync(HttpClient client, SignedWebhook webhook)
    {
        using var request = webhook.ToRequest("ls-shopify");
        return await client.SendAsync(request, Ct);
    }

    private static IEnumerable<string> HashParts(string hash) => [hash, .. hash.Split('$').Where(p => p.Length >= 16)];

    private static List<string> ScopeValues(JsonElement line, string name) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? [.. scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(name, out _)).Select(s => s.GetProperty(name).ToString())]
            : [];

    private string LineWith(string secret) => host.Log.Lines.First(l => l.Contains(secret, StringComparison.Ordinal));
}
