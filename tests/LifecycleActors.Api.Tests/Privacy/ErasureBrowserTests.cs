using LifecycleActors.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests.Privacy;

/// <summary>
/// Erasure from the agents' screen in headless Chromium: an administrator erases a customer from its card after a
/// second, explicit step; another agent's open screen drops the customer from its feed; an agent who is not an
/// administrator is offered no erasure.
/// </summary>
public sealed class ErasureBrowserTests(CampaignHost host, Browser browser) : IClassFixture<CampaignHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_administrator_erases_a_customer_from_its_card_and_the_other_screens_drop_it()
    {
        browser.RequireChromium();
        var (agentContext, agent, agentErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using var agentScope = agentContext;
        var (adminContext, admin, adminErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "carol", CampaignHost.CarolPassword);
        await using var adminScope = adminContext;
        using (var client = host.Client(ApiHost.KeyA))
        {
            await client.PostAsync("/api/v1/events", Body.Of(Body.Order("ui-er-1", "ui-erase-me", "ui-er-o1", 30m, DateTimeOffset.UtcNow.AddMinutes(-1))), Ct);
        }

        await Expect(agent.Locator("#feed-list")).ToContainTextAsync("ui-erase-me", new() { Timeout = Deadline });

        // The agent's card of the customer has no erasure; the administrator's has it, behind a confirmation.
        await OpenCardAsync(agent, "ui-erase-me");
        await Expect(agent.Locator("#card-erase")).ToBeHiddenAsync();
        await OpenCardAsync(admin, "ui-erase-me");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Erase customer…" }).ClickAsync();
        await Expect(admin.Locator("#card-erase-confirm")).ToContainTextAsync("deleted for good");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(admin.Locator("#card-erase-confirm")).ToBeHiddenAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Erase customer…" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Erase for good" }).ClickAsync();

        await Expect(admin.Locator("#card-error")).ToContainTextAsync("was erased", new() { Timeout = Deadline });
        await Expect(agent.Locator("#card-error")).ToContainTextAsync("was erased", new() { Timeout = Deadline });
        await Expect(agent.Locator("#feed-list")).Not.ToContainTextAsync("ui-erase-me", new() { Timeout = Deadline });
        using var api = host.Client(ApiHost.KeyA);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/customers/ui-erase-me", Ct)).StatusCode);
        Assert.Empty(agentErrors);
        Assert.Empty(adminErrors);
    }

    private static async Task OpenCardAsync(IPage page, string customerId)
    {
        await page.GetByLabel("Customer id").FillAsync(customerId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.Locator("#card-facts [data-fact='orders']")).ToHaveTextAsync("1", new() { Timeout = Deadline });
    }
}
