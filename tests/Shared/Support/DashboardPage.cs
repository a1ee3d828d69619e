using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Tests.Support;

/// <summary>The agents' screen in a browser page: signing in and waiting for the live connection.</summary>
public static class DashboardPage
{
    /// <summary>How long a condition on the screen may take; generous because CI runs a three-silo cluster beside the browser on two cores.</summary>
    public const float Deadline = 30_000;

    /// <summary>Every other page action (navigation, screenshots, requests) gets twice that instead of Playwright's 30 s.</summary>
    public const float ActionDeadline = 2 * Deadline;

    /// <summary>A new page in its own context, signed in as <paramref name="username"/> and connected live; script errors are collected.</summary>
    public static async Task<(IBrowserContext Context, IPage Page, List<string> ScriptErrors)> SignInAsync(
        IBrowser browser, Uri host, string username, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
        context.SetDefaultTimeout(ActionDeadline);
        context.SetDefaultNavigationTimeout(ActionDeadline);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(host.ToString());
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = Deadline });
        return (context, page, errors);
    }
}
