using System.Text.RegularExpressions;
using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests;

/// <summary>The agents' screen end to end: the real silo on Kestrel, headless Chromium, events posted over the API.</summary>
public sealed partial class DashboardBrowserTests(DashboardHost host, Browser browser) : IClassFixture<DashboardHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;
    private const string HostileId = "<img src=x onerror=alert(1)>";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_signs_in_and_watches_counts_feed_and_a_customer_card_change_live()
    {
        browser.RequireChromium();
        var (context, page, scriptErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using var contextScope = context;
        await Expect(page.Locator("#tenant-name")).ToHaveTextAsync("shop-a");
        await Expect(page.Locator("#count-customers")).ToHaveTextAsync(Digits(), new() { Timeout = Deadline });
        var before = Count(await page.Locator("#count-customers").TextContentAsync());

        // Another shop's customer never shows; this shop's new customers move the counts and the feed.
        await PostAsync(ApiHost.KeyB, Body.Event("ui-b-1", "other-shop-customer", "signup"));
        await PostAsync(ApiHost.KeyA, Body.Event("ui-a-1", "ui-anna", "signup"), Body.Order("ui-a-2", HostileId, "ui-o-0", 20m));
        await Expect(page.Locator("#count-customers")).ToHaveTextAsync((before + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = Deadline });
        var feed = page.Locator("#feed-list");

        // Data is text, never markup: the hostile id is shown literally and creates no element.
        await Expect(feed.GetByText(HostileId, new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = Deadline });
        Assert.Equal(0, await page.Locator("#feed-list img").CountAsync());

        // Open the card from the search box; an order then changes it without a reload.
        await page.GetByLabel("Customer id").FillAsync("ui-anna");
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.Locator("#card-stage")).ToHaveTextAsync("Prospect", new() { Timeout = Deadline });
        await PostAsync(ApiHost.KeyA, Body.Order("ui-a-3", "ui-anna", "ui-o-1", 80m));
        await Expect(page.Locator("#card-stage")).ToHaveTextAsync("One-time", new() { Timeout = Deadline });
        await Expect(page.Locator("#card-facts [data-fact='orders']")).ToHaveTextAsync("1", new() { Timeout = Deadline });
        var annasTransition = feed.Locator(".feed-item", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "ui-anna", Exact = true }) });
        await Expect(annasTransition).ToContainTextAsync("Prospect → One-time", new() { Timeout = Deadline });
        await Expect(page.Locator("#card-timeline")).ToContainTextAsync("order placed", new() { Timeout = Deadline });
        await Expect(page.Locator("#card-timeline")).ToContainTextAsync("Prospect → One-time", new() { Timeout = Deadline });

        // The filter keeps only the lapsed transitions: none here yet.
        await page.GetByLabel("Lapsed", new() { Exact = true }).CheckAsync();
        await Expect(feed.Locator(".feed-item")).ToHaveCountAsync(0);
        await page.GetByLabel("All", new() { Exact = true }).CheckAsync();
        await Expect(feed.Locator(".feed-item").First).ToBeVisibleAsync();

        Assert.Empty(await feed.GetByText("other-shop-customer").AllAsync());
        Assert.Empty(scriptErrors);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is an image of the page");
        TestContext.Current.SendDiagnosticMessage($"screenshot: {screenshot}");
    }

    [Fact]
    public async Task Wrong_credentials_keep_the_agent_on_the_sign_in_form()
    {
        browser.RequireChromium();
        await using var context = await browser.Chromium.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync(host.BaseAddress.ToString());
        await page.GetByLabel("Username").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync("not-her-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(WrongPassword());
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
    }

    private async Task PostAsync(string apiKey, params object[] events)
    {
        using var client = host.Client(apiKey);
        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);
        var body = await response.Json();
        Assert.Equal(events.Length, body.GetProperty("accepted").GetInt32());
    }

    private static int Count(string? text) => int.Parse(text!.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\d")]
    private static partial Regex Digits();

    [GeneratedRegex("wrong password")]
    private static partial Regex WrongPassword();
}
