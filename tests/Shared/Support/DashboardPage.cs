using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Tests.Support;

/// <summary>The agents' screen in a browser page: signing in and waiting for the live connection.</summary>
public static class DashboardPage
{
    public const float Deadline = 15_000;

    /// <summary>A new page in its own context, signed in as <paramref name="username"/> and connected live; script errors are collected.</summary>
    public static async Task<(IBrowserContext Context, IPage Page, List<string> ScriptErrors)> SignInAsync(
        IBrowser browser, Uri host, string username, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
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
