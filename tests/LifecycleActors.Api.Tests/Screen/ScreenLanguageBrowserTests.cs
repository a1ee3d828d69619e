using System.Text.RegularExpressions;
using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests.Screen;

/// <summary>
/// The screen in the browser's language: German and Dutch Chromium get every view, the reasons and the amounts in
/// their language and format, and no English word of the catalogue is left on any view.
/// </summary>
public sealed partial class ScreenLanguageBrowserTests(CampaignHost host, Browser browser) : IClassFixture<CampaignHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;

    /// <summary>Text on the page except what is data (ids, names, the campaigns' own words, the language names).</summary>
    private const string ScreenTextScript = """
        () => {
          const skip = "[data-as-written], .customer-id, #card-id, #tenant-name, #agent-name, select.language, script, style";
          const texts = [];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (parent && !parent.closest(skip) && !parent.closest("[hidden]")) texts.push(node.textContent);
          }
          for (const element of document.querySelectorAll("[placeholder], [title], [aria-label]")) {
            if (element.closest(skip) || element.closest("[hidden]")) continue;
            for (const name of ["placeholder", "title", "aria-label"]) texts.push(element.getAttribute(name) ?? "");
          }
          return document.title + " " + texts.join(" ");
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("de-DE", "de", "Anmelden", "erste Bestellung", @"1\.234,56\s€")]
    [InlineData("nl-NL", "nl", "Aanmelden", "eerste bestelling", @"€\s1\.234,56")]
    [InlineData("en-GB", "en", "Sign in", "first order", @"€1,234\.56")]
    public async Task The_browser_language_gives_every_view_reasons_and_amounts_in_that_language(
        string locale, string language, string signIn, string firstOrder, string money)
    {
        browser.RequireChromium();
        var customer = $"k-{language}-1";
        await host.CreateCampaignAsync(new { id = $"lang-{language}", name = $"k-{language}", trigger = new { kind = "stage", to = "one_time" }, action = new { type = "task", title = $"t-{language}" } });

        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new() { Width = 1400, Height = 900 }, ReducedMotion = ReducedMotion.Reduce });
        context.SetDefaultTimeout(DashboardPage.ActionDeadline);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        var english = language == "en" ? null : ScreenCatalogues.EnglishWordsNotIn(language);
        await page.GotoAsync(host.BaseAddress.ToString());

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.Locator("#login-form button[type=submit]")).ToHaveTextAsync(signIn);
        await AssertNoEnglishAsync(page, english, "sign-in");
        await page.Locator("#login-username").FillAsync("carol");
        await page.Locator("#login-password").FillAsync(CampaignHost.CarolPassword);
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-status", "live", new() { Timeout = Deadline });

        // The feed shows what happens while the screen is open: the order comes after signing in.
        using (var client = host.Client())
        {
            var response = await client.PostAsync("/api/v1/events", Body.Of(Body.Order($"lang-{language}-e1", customer, $"o-{language}-1", 1234.56m, DateTimeOffset.UtcNow.AddMinutes(-1))), Ct);
            response.EnsureSuccessStatusCode();
        }

        // The feed words the reason from its code and arguments, the amount in the locale's format and the shop's currency.
        var item = page.Locator("#feed-list .feed-item", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = customer, Exact = true }) });
        await Expect(item.Locator(".reason")).ToContainTextAsync(new Regex($"{firstOrder} o-{language}-1 \\({money}\\)"), new() { Timeout = Deadline });

        await page.Locator("#search-input").FillAsync(customer);
        await page.Locator("#search-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#card-facts [data-fact='netSpend']")).ToHaveTextAsync(new Regex($"^{money}$"), new() { Timeout = Deadline });
        await Expect(page.Locator("#card-timeline")).ToContainTextAsync(firstOrder, new() { Timeout = Deadline });
        await AssertNoEnglishAsync(page, english, "customers and card");

        await page.Locator(".view-tab[data-view=queue]").ClickAsync();
        await Expect(page.Locator("#queue-list tr", new() { HasText = customer })).Not.ToHaveCountAsync(0, new() { Timeout = Deadline });
        await AssertNoEnglishAsync(page, english, "work queue");

        await page.Locator(".view-tab[data-view=campaigns]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"k-{language}", Exact = true }).ClickAsync(new() { Timeout = Deadline });
        await Expect(page.Locator("#campaign-stats [data-stat='entered']")).ToHaveTextAsync(new Regex(@"^\d"), new() { Timeout = Deadline });
        await AssertNoEnglishAsync(page, english, "campaigns");

        await page.Locator(".view-tab[data-view=kpis]").ClickAsync();
        await Expect(page.Locator("#cohort-table tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = Deadline });
        await AssertNoEnglishAsync(page, english, "KPIs");
        await AssertChartTextsAsync(page, language, english);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", $"kpis-{language}.png"), FullPage = true });

        await page.Locator(".view-tab[data-view=segments]").ClickAsync();
        await Expect(page.Locator("#segment-list tr", new() { HasText = customer })).Not.ToHaveCountAsync(0, new() { Timeout = Deadline });
        await AssertNoEnglishAsync(page, english, "segments");

        await page.Locator(".view-tab[data-view=main]").ClickAsync();
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", $"screen-{language}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {screenshot}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_agents_own_choice_overrides_the_browser_language_and_is_kept_for_that_agent()
    {
        browser.RequireChromium();
        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { Locale = "de-DE" });
        context.SetDefaultTimeout(DashboardPage.ActionDeadline);
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        await page.Locator("#login-username").FillAsync("alice");
        await page.Locator("#login-password").FillAsync(DashboardHost.AlicePassword);
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = Deadline });
        await Expect(page.Locator("#feed-title")).ToHaveTextAsync("Übergänge live");

        await page.Locator("#language").SelectOptionAsync("nl");
        await Expect(page.Locator("#feed-title")).ToHaveTextAsync("Overgangen live");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");

        await page.ReloadAsync();
        await Expect(page.Locator("#feed-title")).ToHaveTextAsync("Overgangen live", new() { Timeout = Deadline });
        await Expect(page.Locator("#language")).ToHaveValueAsync("nl");
    }

    /// <summary>
    /// What the charts draw inside their canvases (legends, tooltips' series names, axis titles and period labels), read
    /// from Chart.js: the stage mix names the six stages as the catalogue does, and no English word is left.
    /// </summary>
    private static async Task AssertChartTextsAsync(IPage page, string language, IReadOnlySet<string>? english)
    {
        var charts = await page.EvaluateAsync<Dictionary<string, string[]>>("""
            () => Object.fromEntries([...document.querySelectorAll(".kpi-canvas canvas")].map(canvas => {
              const chart = Chart.getChart(canvas);
              const titles = Object.values(chart?.options?.scales ?? {}).map(s => s?.title?.display ? s.title.text : "").filter(t => t);
              return [canvas.id, [...(chart?.data?.datasets ?? []).map(d => d.label), ...titles, ...(chart?.data?.labels ?? []).map(String)]];
            }))
            """);
        var catalogue = ScreenCatalogues.Load(language);
        string[] stages = ["prospect", "one_time", "repeat", "at_risk", "lapsed", "churned"];
        Assert.Equal(stages.Select(s => catalogue[$"stage.{s}"]), charts["kpi-stage-mix"].Take(stages.Length));
        Assert.Equal(5, charts.Count);
        if (english is not null)
        {
            var left = charts.Values.SelectMany(t => t).SelectMany(ScreenCatalogues.Words).Where(english.Contains).Distinct().ToList();
            Assert.True(left.Count == 0, $"English left in the charts: {string.Join(", ", left)}");
        }
    }

    private static async Task AssertNoEnglishAsync(IPage page, IReadOnlySet<string>? english, string view)
    {
        if (english is null)
        {
            return;
        }

        var text = await page.EvaluateAsync<string>(ScreenTextScript);
        var left = ScreenCatalogues.Words(text).Where(english.Contains).Distinct().ToList();
        Assert.True(left.Count == 0, $"English left on the {view} view: {string.Join(", ", left)}");
    }
}
