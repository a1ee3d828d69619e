using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using LifecycleActors.Tests.Support;
using Microsoft.Playwright;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary>
/// The snippet in a real Chromium: a shop's pages on one loopback origin load <c>/t.js</c> from the silo on another,
/// and what the visitor does arrives under its anonymous id; with consent required, nothing leaves before consent.
/// </summary>
public sealed class SnippetBrowserTests(CollectHost host, Browser browser) : IClassFixture<CollectHost>, IClassFixture<Browser>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_pages_and_a_cart_arrive_as_the_anonymous_visitors_events()
    {
        browser.RequireChromium();
        await using var shop = await ShopPages.StartAsync(host.PagePort, host.BaseAddress, CollectHost.PublishableA);
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = Watch(page, out var collects);

        await page.GotoAsync(host.PageOrigin + "/");
        await page.GotoAsync(host.PageOrigin + "/shoes?email=anna%40example.com&utm_source=mail#reviews");
        await page.GotoAsync(host.PageOrigin + "/cart");
        await page.ClickAsync("#add");
        var visitor = await page.EvaluateAsync<string>("() => localStorage.getItem('lifecycle_anon')");
        Assert.Matches("^anon-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", visitor);

        var events = await Eventually.Get(
            () => TimelineEventsAsync(visitor),
            e => e.Count(x => x.Type == "visit") == 3 && e.Any(x => x.Type == "cart_updated"),
            TimeSpan.FromSeconds(60),
            "three visits and a cart of the visitor");

        Assert.Equal(["/", "/cart", "/shoes"], events.Where(e => e.Type == "visit").Select(e => e.Data.GetProperty("path").GetString()).Order());
        Assert.Equal(49.9m, events.Single(e => e.Type == "cart_updated").Data.GetProperty("value").GetDecimal());
        Assert.DoesNotContain(events, e => e.Data.GetRawText().Contains("example.com", StringComparison.Ordinal) || e.Data.GetRawText().Contains("utm", StringComparison.Ordinal));
        await SeenByTheBrowserAsync(collects);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Signing_in_turns_the_visitors_browsing_into_the_known_customers_engagement()
    {
        browser.RequireChromium();
        const string customer = "snippet-anna";
        using var api = host.Client(ApiHost.KeyA);
        var ordered = await api.PostAsync("/api/v1/events", Body.Of(Body.Order("snippet-anna-o1", customer, "o-1", 30m)), Ct);
        Assert.Equal(HttpStatusCode.Accepted, ordered.StatusCode);
        var before = await Eventually.Get(
            async () => await api.GetAsync($"/api/v1/customers/{customer}", Ct),
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30),
            "the known customer");
        var engagementBefore = (await before.Json()).GetProperty("engagementScore").GetInt32();

        await using var shop = await ShopPages.StartAsync(host.PagePort, host.BaseAddress, CollectHost.PublishableA);
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = Watch(page, out _);
        await page.GotoAsync(host.PageOrigin + "/");
        await page.GotoAsync(host.PageOrigin + "/shoes");
        await page.GotoAsync(host.PageOrigin + "/cart");
        await page.ClickAsync("#add");
        await page.WaitForFunctionAsync("() => localStorage.getItem('lifecycle_anon') !== null");
        var visitor = await page.EvaluateAsync<string>("() => localStorage.getItem('lifecycle_anon')");

        // The shop's backend signs the customer's id with the tenant's identity secret; the page passes it on at sign-in.
        var userHash = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(CollectHost.IdentitySecretA), System.Text.Encoding.UTF8.GetBytes(customer)));
        await page.EvaluateAsync("([id, hash]) => { lifecycle.identify(id, hash); lifecycle.flush(); }", new[] { customer, userHash });

        var events = await Eventually.Get(
            () => TimelineEventsAsync(customer),
            e => e.Count(x => x.Type == "visit") == 3 && e.Any(x => x.Type == "cart_updated"),
            TimeSpan.FromSeconds(60),
            "the visitor's three visits and cart on the customer's timeline");
        Assert.Equal(["/", "/cart", "/shoes"], events.Where(e => e.Type == "visit").Select(e => e.Data.GetProperty("path").GetString()).Order());
        // The timeline reads the log; the customer's grain merges the visitor's events a moment later.
        await Eventually.Get(
            async () => await (await api.GetAsync($"/api/v1/customers/{customer}", Ct)).Json(),
            c => c.GetProperty("engagementScore").GetInt32() > engagementBefore,
            TimeSpan.FromSeconds(30),
            $"engagement above {engagementBefore} once the visitor's events are merged");

        // The visitor is the customer now: once the read model has the link, the listing shows the customer and not a
        // second, anonymous prospect.
        await Eventually.Get(
            async () =>
            {
                var listed = await (await api.GetAsync("/api/v1/customers?limit=500", Ct)).Json();
                Assert.Equal(JsonValueKind.Null, listed.GetProperty("nextCursor").ValueKind);
                return listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("customerId").GetString()).ToList();
            },
            ids => ids.Contains(customer) && !ids.Contains(visitor),
            TimeSpan.FromSeconds(30),
            "the listing without the linked visitor");

        // And an agent sees it on the customer's card: the visits and the cart on the timeline.
        var (agentContext, screen, screenErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "ben", CollectHost.AgentPassword);
        await using (agentContext)
        {
            await screen.GetByLabel("Customer id").FillAsync(customer);
            await screen.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
            await Assertions.Expect(screen.Locator("#card-timeline")).ToContainTextAsync("cart updated", new() { Timeout = DashboardPage.Deadline });
            await Assertions.Expect(screen.Locator("#card-timeline")).ToContainTextAsync("visit", new() { Timeout = DashboardPage.Deadline });
            Assert.Empty(screenErrors);
        }
        Assert.Empty(errors);
    }

    [Fact]
    public async Task With_consent_required_nothing_is_sent_or_stored_until_consent()
    {
        browser.RequireChromium();
        await using var shop = await ShopPages.StartAsync(host.PagePort, host.BaseAddress, CollectHost.PublishableA, "data-require-consent=\"true\"");
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = Watch(page, out var collects);

        await page.GotoAsync(host.PageOrigin + "/");
        await page.ClickAsync("#add");
        await page.EvaluateAsync("() => lifecycle.flush()");
        await page.GotoAsync(host.PageOrigin + "/shoes");
        await page.EvaluateAsync("() => lifecycle.flush()");
        await page.GotoAsync(host.PageOrigin + "/cart");

        // Every moment the snippet sends (a flush, two page hides) has passed: no request, and nothing in storage.
        Assert.Empty(collects);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('lifecycle')).length"));
        Assert.Null(await page.EvaluateAsync<string?>("() => lifecycle.visitorId()"));

        await page.ClickAsync("#consent");
        // The id is made when the first batch goes, just after consent (a timer of 0 ms).
        await page.WaitForFunctionAsync("() => localStorage.getItem('lifecycle_anon') !== null");
        var visitor = await page.EvaluateAsync<string>("() => localStorage.getItem('lifecycle_anon')");
        Assert.StartsWith("anon-", visitor, StringComparison.Ordinal);
        var events = await Eventually.Get(
            () => TimelineEventsAsync(visitor),
            e => e.Count > 0,
            TimeSpan.FromSeconds(60),
            "the visit of the page where consent was given");

        // Only this page's visit: what happened before consent on earlier pages was never kept.
        Assert.Equal("/cart", Assert.Single(events).Data.GetProperty("path").GetString());
        await SeenByTheBrowserAsync(collects);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task With_global_privacy_control_nothing_is_sent_even_after_consent()
    {
        browser.RequireChromium();
        await using var shop = await ShopPages.StartAsync(host.PagePort, host.BaseAddress, CollectHost.PublishableA);
        await using var context = await browser.Chromium.NewContextAsync();
        await context.AddInitScriptAsync("Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })");
        var page = await context.NewPageAsync();
        var errors = Watch(page, out var collects);

        await page.GotoAsync(host.PageOrigin + "/");
        await page.ClickAsync("#consent");
        await page.ClickAsync("#add");
        await page.EvaluateAsync("() => lifecycle.flush()");
        await page.GotoAsync(host.PageOrigin + "/shoes");

        Assert.Empty(collects);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('lifecycle')).length"));
        Assert.Empty(errors);
    }

    /// <summary>Records the page's script errors and every request it makes to the collect endpoint.</summary>
    /// <summary>
    /// Waits until the browser has reported a request to the collect endpoint: it reports requests to the test over its
    /// own connection, which can trail the events' arrival at the service.
    /// </summary>
    private static Task<int> SeenByTheBrowserAsync(ConcurrentQueue<string> collects) => Eventually.Get(
        () => Task.FromResult(collects.Count), sent => sent > 0, TimeSpan.FromSeconds(10), "the page's requests to /api/v1/collect reported");

    private static ConcurrentQueue<string> Watch(IPage page, out ConcurrentQueue<string> collects)
    {
        var errors = new ConcurrentQueue<string>();
        var sent = new ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Enqueue($"{message.Text} ({message.Location})");
            }
        };
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/collect", StringComparison.Ordinal))
            {
                sent.Enqueue(request.Method + " " + request.Url);
            }
        };
        collects = sent;
        return errors;
    }

    private async Task<IReadOnlyList<TimelineEvent>> TimelineEventsAsync(string visitor)
    {
        using var api = host.Client(ApiHost.KeyA);
        using var response = await api.GetAsync($"/api/v1/customers/{visitor}/timeline?limit=100", Ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        var items = (await response.Json()).GetProperty("items");
        return [.. items.EnumerateArray()
            .Where(i => i.GetProperty("kind").GetString() == "event")
            .Select(i => i.GetProperty("event"))
            .Select(e => new TimelineEvent(e.GetProperty("type").GetString()!, e.GetProperty("data").Clone()))];
    }

    private sealed record TimelineEvent(string Type, JsonElement Data);
}
