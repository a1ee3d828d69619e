using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests;

/// <summary>The agents' screen opens the Orleans Dashboard for an administrator, in headless Chromium; agents see no way in.</summary>
public sealed class OrleansDashboardBrowserTests(CampaignHost host, Browser browser) : IClassFixture<CampaignHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;

    [Fact]
    public async Task An_admin_opens_the_Orleans_Dashboard_from_the_screen_and_an_agent_has_no_button()
    {
        browser.RequireChromium();
        var (agentContext, agent, agentErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using (agentContext)
        {
            await Expect(agent.Locator("#orleans-dashboard")).ToBeHiddenAsync();
            var refused = await agent.GotoAsync(new Uri(host.BaseAddress, "/orleans/").ToString());
            Assert.Equal(401, refused!.Status);
            Assert.Empty(agentErrors);
        }

        var (adminContext, admin, adminErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "carol", CampaignHost.CarolPassword);
        await using (adminContext)
        {
            var opened = await adminContext.RunAndWaitForPageAsync(
                () => admin.GetByRole(AriaRole.Button, new() { Name = "Orleans Dashboard" }).ClickAsync(),
                new() { Timeout = Deadline });
            await opened.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
            Assert.EndsWith("/orleans/", opened.Url);
            // The dashboard's own script polls its API with the pass cookie and shows the silo.
            await Expect(opened.GetByText("Active Silos", new() { Exact = false }).First).ToBeVisibleAsync(new() { Timeout = Deadline });
            var counters = await opened.APIRequest.GetAsync(new Uri(host.BaseAddress, "/orleans/DashboardCounters").ToString());
            Assert.Equal(200, counters.Status);
            await opened.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "orleans-dashboard.png") });
            Assert.Empty(adminErrors);
        }
    }
}
