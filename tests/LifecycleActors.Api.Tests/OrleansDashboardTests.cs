using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Silo.Api;
using LifecycleActors.Tests.Support;

namespace LifecycleActors.Api.Tests;

/// <summary>
/// The Orleans Dashboard at <c>/orleans</c> over HTTP: an administrator's pass cookie opens it and it shows the
/// cluster's silos, grains and grain calls; agents are refused (403), anonymous callers asked to sign in (401).
/// </summary>
public sealed partial class OrleansDashboardTests(CampaignHost host) : IClassFixture<CampaignHost>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_dashboard_answers_an_admin_and_shows_silos_grains_and_calls()
    {
        using var shop = host.Client();
        using var browser = await AdminBrowserAsync();

        var page = await browser.GetAsync("/orleans/", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(Ct);
        // Its scripts, styles and images come from this host (the package's assembly), never from a CDN.
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("./index.min.js", assets);
        Assert.All(assets, a => Assert.False(a.Contains("//", StringComparison.Ordinal), a));
        var script = await browser.GetAsync("/orleans/index.min.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);

        // The dashboard profiles grain calls only while someone watches it, so the shop's orders come after it opened.
        var order = 0;
        var counters = await Eventually.Get(
            async () =>
            {
                order++;
                var posted = await shop.PostAsync("/api/v1/events", Body.Of(Body.Order($"od-e{order}", "od-c1", $"od-o{order}", 20m)), Ct);
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
                return await ReadJsonAsync(browser, "/orleans/DashboardCounters");
            },
            c => c.GetProperty("simpleGrainStats").EnumerateArray().Any(IsIngestPartitionWithCalls),
            Deadline,
            "the ingest partition's calls on the dashboard");
        Assert.NotEmpty(counters.GetProperty("hosts").EnumerateArray());
        var cluster = await browser.GetAsync("/orleans/ClusterStats", Ct);
        Assert.Equal(HttpStatusCode.OK, cluster.StatusCode);
    }

    [Fact]
    public async Task The_pass_is_an_HttpOnly_strict_cookie_for_the_dashboard_path_only_and_sign_out_expires_it()
    {
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        var issued = await carol.PostAsync(OrleansDashboardPass.Endpoint, null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, issued.StatusCode);
        var cookie = Assert.Single(issued.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(OrleansDashboardPass.CookieName + "=", cookie);
        Assert.Contains("path=/orleans", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=900", cookie, StringComparison.OrdinalIgnoreCase);

        using var anonymous = host.Client(apiKey: null);
        var dropped = await anonymous.DeleteAsync(OrleansDashboardPass.Endpoint, Ct);
        Assert.Equal(HttpStatusCode.NoContent, dropped.StatusCode);
        var expired = Assert.Single(dropped.Headers.GetValues("Set-Cookie"));
        Assert.Contains("expires=Thu, 01 Jan 1970", expired, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/orleans", expired, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_dashboard_refuses_an_agent_and_asks_anonymous_callers_to_sign_in()
    {
        using var alice = await host.AgentClientAsync("alice", DashboardHost.AlicePassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync(OrleansDashboardPass.Endpoint, null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/orleans/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/orleans/DashboardCounters", Ct)).StatusCode);

        using var anonymous = host.Client(apiKey: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans/index.min.js", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(OrleansDashboardPass.Endpoint, null, Ct)).StatusCode);

        // A tenant's API key is for the shop's systems, not for people.
        using var shop = host.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.GetAsync("/orleans/", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_agent_token_in_the_pass_cookie_or_a_pass_as_a_bearer_token_opens_nothing()
    {
        var carolToken = await HubAgent.LoginAsync(host.BaseAddress, "carol", CampaignHost.CarolPassword);
        using (var forged = CookieClient(carolToken))
        {
            // An admin's own bearer token is not a pass: its audience is the API's.
            Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/orleans/", Ct)).StatusCode);
        }

        using var browser = await AdminBrowserAsync();
        var pass = browser.Cookies.GetCookies(new Uri(host.BaseAddress, "/orleans/"))[OrleansDashboardPass.CookieName]!.Value;
        using var bearerOfPass = new HttpClient { BaseAddress = host.BaseAddress };
        bearerOfPass.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pass);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearerOfPass.GetAsync("/api/v1/campaigns", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearerOfPass.GetAsync("/orleans/", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_script_may_use_its_bearer_token_but_grain_state_and_the_live_log_stay_closed()
    {
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/orleans/DashboardCounters", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync("/orleans/GrainState?grainId=shop-a/od-c1&grainType=CustomerGrain", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await carol.GetAsync("/orleans/Trace", Ct)).StatusCode);
    }

    /// <summary>A client that, like a browser, has only the pass cookie carol's screen obtained.</summary>
    private async Task<CookieHttpClient> AdminBrowserAsync()
    {
        using var carol = await host.AgentClientAsync("carol", CampaignHost.CarolPassword);
        var issued = await carol.PostAsync(OrleansDashboardPass.Endpoint, null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, issued.StatusCode);
        var client = new CookieHttpClient(host.BaseAddress);
        client.Cookies.SetCookies(host.BaseAddress, Assert.Single(issued.Headers.GetValues("Set-Cookie")));
        return client;
    }

    private CookieHttpClient CookieClient(string pass)
    {
        var client = new CookieHttpClient(host.BaseAddress);
        client.Cookies.Add(new Cookie(OrleansDashboardPass.CookieName, pass, "/orleans", host.BaseAddress.Host));
        return client;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    /// <summary>The grain that holds the shop's customers (ADR 0019) and takes their events.</summary>
    private static bool IsIngestPartitionWithCalls(JsonElement stat) =>
        stat.GetProperty("grainType").GetString()!.Contains("IngestPartitionGrain", StringComparison.Ordinal)
        && stat.GetProperty("totalCalls").GetInt64() > 0;

    [GeneratedRegex("(?:src|href)\\s*=\\s*\"([^\"]*)\"")]
    private static partial Regex AssetReference();

    /// <summary>An HTTP client that keeps cookies as a browser does and sends no Authorization header.</summary>
    private sealed class CookieHttpClient : HttpClient
    {
        public CookieHttpClient(Uri baseAddress)
            : this(new CookieContainer()) => BaseAddress = baseAddress;

        private CookieHttpClient(CookieContainer cookies)
            : base(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }, disposeHandler: true) => Cookies = cookies;

        public CookieContainer Cookies { get; }
    }
}
