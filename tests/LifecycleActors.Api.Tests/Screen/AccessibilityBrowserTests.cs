using System.Text.Json;
using System.Text.RegularExpressions;
using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests.Screen;

/// <summary>
/// The screen for agents who use a keyboard, a screen reader or a tablet: every view reached with the keyboard alone
/// shows where the focus is, and axe-core (installed by the build from npm, never served) finds no WCAG 2 A or AA
/// violation on any view (contrast, names, labels, roles), on a desktop window and on a tablet's.
/// </summary>
public sealed class AccessibilityBrowserTests(CampaignHost host, Browser browser) : IClassFixture<CampaignHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;
    /// <summary>The views in the order of their tabs, so each is the next Tab stop after the one before.</summary>
    private static readonly string[] Views = ["main", "kpis", "segments", "queue", "campaigns"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1400, 900, false)]
    [InlineData(820, 1180, true)]
    public async Task Every_view_is_reached_by_keyboard_shows_its_focus_and_passes_the_wcag_aa_audit(int width, int height, bool touch)
    {
        browser.RequireChromium();
        var axe = Path.Combine(RepositoryFiles.Root, "dashboard", "client", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), $"{axe} is missing: the dashboard's build installs it (npm ci in dashboard/client)");
        var customer = $"a11y-{width}";
        await host.CreateCampaignAsync(new { id = $"a11y-{width}", name = $"a11y-{width}", trigger = new { kind = "stage", to = "one_time" }, action = new { type = "task", title = "call" } });

        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "de-DE",
            ViewportSize = new() { Width = width, Height = height },
            HasTouch = touch,
            ReducedMotion = ReducedMotion.Reduce,
            // The screen's policy allows only its own scripts; the audit's script is added by the test alone.
            BypassCSP = true,
        });
        context.SetDefaultTimeout(DashboardPage.ActionDeadline);
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseAddress.ToString());
        var violations = new List<string>();
        await AuditAsync(page, axe, "sign-in", violations);

        // Signing in with the keyboard only: type, Tab to the next field, Enter submits.
        await page.Locator("#login-username").FocusAsync();
        await page.Keyboard.TypeAsync("carol");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(CampaignHost.CarolPassword);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-status", "live", new() { Timeout = Deadline });

        using (var client = host.Client())
        {
            var response = await client.PostAsync("/api/v1/events", Body.Of(Body.Order($"{customer}-e1", customer, $"{customer}-o1", 1234.56m, DateTimeOffset.UtcNow.AddMinutes(-1))), Ct);
            response.EnsureSuccessStatusCode();
        }

        await page.Locator("#search-input").FillAsync(customer);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#card-facts [data-fact='netSpend']")).ToHaveTextAsync(new Regex(@"1\.234,56"), new() { Timeout = Deadline });

        foreach (var view in Views)
        {
            await TabToAsync(page, $".view-tab[data-view={view}]");
            await AssertFocusVisibleAsync(page, view);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator($".view-tab[data-view={view}]")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Deadline });
            if (view == "kpis")
            {
                await Expect(page.Locator("#cohort-table tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = Deadline });
            }

            await AuditAsync(page, axe, view, violations);
        }

        Assert.True(violations.Count == 0, $"WCAG 2 A/AA violations at {width}×{height}:\n{string.Join("\n", violations)}");
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus (at most 80 times).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{selector} was not reached with the Tab key");
    }

    /// <summary>The focused element draws an outline or a ring (WCAG 2.4.7).</summary>
    private static async Task AssertFocusVisibleAsync(IPage page, string view)
    {
        var style = await page.EvaluateAsync<JsonElement>("""
            () => {
              const s = getComputedStyle(document.activeElement);
              return { outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow };
            }
            """);
        var outlined = style.GetProperty("outline").GetString() != "none" && style.GetProperty("width").GetDouble() >= 1;
        var ringed = style.GetProperty("shadow").GetString() is { } shadow && shadow != "none";
        Assert.True(outlined || ringed, $"the focused tab of the {view} view shows no focus: {style}");
    }

    private static async Task AuditAsync(IPage page, string axe, string view, List<string> violations)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
        }

        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
              return result.violations.map(v => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")), summary: v.nodes[0]?.failureSummary ?? "" }));
            }
            """);
        foreach (var v in found.EnumerateArray())
        {
            violations.Add($"{view}: {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}) at {string.Join(", ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}: {v.GetProperty("summary").GetString()?.ReplaceLineEndings(" ")}");
        }
    }
}
