using Microsoft.Playwright;

namespace LifecycleActors.Tests.Support;

/// <summary>
/// Headless Chromium from the operating system (Debian's <c>chromium</c> package at <c>/usr/bin/chromium</c>, or
/// <c>LIFECYCLE_TEST_CHROMIUM</c>), driven by Playwright. Playwright never downloads a browser here: without one the
/// browser tests skip and say why.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("LIFECYCLE_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    public IBrowser Chromium { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// Skips the calling test when there is no browser on this machine, or fails it where one is required
    /// (<c>LIFECYCLE_REQUIRE_BROWSER=1</c>, as in CI).
    /// </summary>
    public void RequireChromium()
    {
        var reason = $"no Chromium at {ExecutablePath}: install Debian's 'chromium' package (.ci/run does) or set LIFECYCLE_TEST_CHROMIUM";
        if (_playwright is null && Environment.GetEnvironmentVariable("LIFECYCLE_REQUIRE_BROWSER") == "1")
        {
            Assert.Fail(reason);
        }

        Assert.SkipUnless(_playwright is not null, reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Chromium.DisposeAsync();
            _playwright.Dispose();
        }
    }
}
