using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests;

/// <summary>The KPI view in headless Chromium: the charts draw the shop's figures, move when orders arrive, and the cohort triangle shows.</summary>
public sealed class KpiBrowserTests(DashboardHost host, Browser browser) : IClassFixture<DashboardHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_opens_the_KPIs_and_the_charts_follow_the_orders_live()
    {
        browser.RequireChromium();
        var now = DateTimeOffset.UtcNow;
        await PostAsync(Body.Order("kpi-1", "kpi-c1", "kpi-o1", 40m, now.AddMinutes(-2)), Body.Order("kpi-2", "kpi-c2", "kpi-o2", 60m, now.AddMinutes(-1)));
        var (context, page, scriptErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using var contextScope = context;

        // Without animation the screenshot shows the figures, not a frame of a transition between them.
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await page.GetByRole(AriaRole.Button, new() { Name = "KPIs" }).ClickAsync();
        await Expect(page.Locator("#kpis-title")).ToBeVisibleAsync();
        // The last period is the current month: two orders, 50 on average, two buyers.
        await WaitForChartAsync(page, "kpi-orders", 0, 50);
        await WaitForChartAsync(page, "kpi-orders", 1, 1);
        var months = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('kpi-stage-mix')).data.labels.length");
        Assert.Equal(12, months);
        await Expect(page.Locator("#cohort-table tbody tr").Last).ToContainTextAsync("100%", new() { Timeout = Deadline });

        // A third order while the view is open moves the average without a reload.
        await PostAsync(Body.Order("kpi-3", "kpi-c1", "kpi-o3", 100m, now));
        await WaitForChartAsync(page, "kpi-orders", 0, 66.67);
        await WaitForChartAsync(page, "kpi-orders", 1, 1.5);

        await page.Locator("#kpi-interval").SelectOptionAsync("day");
        await page.WaitForFunctionAsync(
            "() => Chart.getChart(document.getElementById('kpi-stage-mix')).data.labels.length === 30", null, new() { Timeout = Deadline });
        Assert.Empty(scriptErrors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "kpis.png"), FullPage = true });
    }

    /// <summary>Waits until the last point of a chart's dataset has <paramref name="expected"/> (to two decimals).</summary>
    private static Task WaitForChartAsync(IPage page, string canvasId, int dataset, double expected) =>
        page.WaitForFunctionAsync(
            $"([id, n, want]) => {{ const chart = Chart.getChart(document.getElementById(id)); const v = chart?.data.datasets[n]?.data.at(-1); return v !== null && v !== undefined && Math.abs(v - want) < 0.005; }}",
            new object[] { canvasId, dataset, expected },
            new() { Timeout = Deadline });

    private async Task PostAsync(params object[] events)
    {
        using var client = host.Client(ApiHost.KeyA);
        var response = await client.PostAsync("/api/v1/events", Body.Of(events), Ct);
        var body = await response.Json();
        Assert.Equal(events.Length, body.GetProperty("accepted").GetInt32());
    }
}
