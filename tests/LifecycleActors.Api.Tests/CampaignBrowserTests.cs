using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests;

/// <summary>The work queue and the campaign page in headless Chromium.</summary>
public sealed class CampaignBrowserTests(CampaignHost host, Browser browser) : IClassFixture<CampaignHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_claims_and_finishes_a_task_and_an_administrator_sees_stats_and_retries_a_dead_letter()
    {
        browser.RequireChromium();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer(500, times: 3);
        await host.CreateCampaignAsync(new { id = "ui-call", name = "Call new buyers", trigger = new { kind = "stage", to = "one_time" }, action = new { type = "task", title = "Call this buyer" } });
        await host.CreateCampaignAsync(new
        {
            id = "ui-hook",
            name = "Thank new buyers",
            trigger = new { kind = "stage", to = "one_time" },
            action = new { type = "webhook", url = receiver.Url.ToString(), secret = WebhookReceiver.Secret },
        });
        using var client = host.Client();
        await client.PostAsync("/api/v1/events", Body.Of(Body.Order("ui-c-1", "ui-caller", "ui-c-o1", 30m, DateTimeOffset.UtcNow.AddMinutes(-1))), Ct);

        var (agentContext, agent, agentErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using (agentContext)
        {
            await Expect(agent.Locator("#campaigns-tab")).ToBeHiddenAsync();
            await agent.GetByRole(AriaRole.Button, new() { Name = "Work queue" }).ClickAsync();
            var task = agent.Locator("#queue-list tr", new() { HasText = "ui-caller" });
            await task.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync(new() { Timeout = Deadline });
            await Expect(task).ToContainTextAsync("claimed by alice", new() { Timeout = Deadline });
            await task.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
            await Expect(task).ToHaveCountAsync(0, new() { Timeout = Deadline });
            Assert.Empty(agentErrors);
        }

        var (adminContext, admin, adminErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "carol", CampaignHost.CarolPassword);
        await using (adminContext)
        {
            await admin.GetByRole(AriaRole.Button, new() { Name = "Campaigns" }).ClickAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Thank new buyers" }).ClickAsync(new() { Timeout = Deadline });
            await Expect(admin.Locator("#campaign-stats [data-stat='entered']")).ToHaveTextAsync("1", new() { Timeout = Deadline });
            var letter = admin.Locator("#dead-letter-list tr", new() { HasText = "ui-caller" });
            await Expect(letter).ToContainTextAsync("dead-lettered", new() { Timeout = Deadline });
            await letter.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
            await receiver.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(15));
            await Expect(admin.Locator("#campaign-stats [data-stat='sent']")).ToHaveTextAsync("1", new() { Timeout = Deadline });
            await Expect(admin.Locator("#campaign-stats [data-stat='lift']")).ToBeVisibleAsync();
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "campaign.png") });
            Assert.Empty(adminErrors);
        }
    }
}
