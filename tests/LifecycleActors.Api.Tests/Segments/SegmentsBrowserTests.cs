using System.Text;
using System.Text.Json;
using LifecycleActors.Abstractions;
using LifecycleActors.Silo.Api.Segments;
using LifecycleActors.Storage.ReadModel;
using LifecycleActors.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LifecycleActors.Api.Tests.Segments;

/// <summary>The Segments view in headless Chromium: filters set on the screen, the paged list, and the CSV it downloads.</summary>
public sealed class SegmentsBrowserTests(DashboardHost host, Browser browser) : IClassFixture<DashboardHost>, IClassFixture<Browser>
{
    private const float Deadline = DashboardPage.Deadline;

    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agent_filters_the_customers_on_the_screen_and_downloads_exactly_that_segment()
    {
        browser.RequireChromium();

        // 160 customers of shop-a: every second is lapsed, every third a VIP, spend 10 × i; and a matching one of shop-b.
        var writer = host.App.Services.GetRequiredService<IReadModelWriter>();
        for (var i = 0; i < 160; i++)
        {
            writer.Enqueue(Row("shop-a", $"brw-{i:D3}", i % 2 == 0 ? "lapsed" : "repeat", vip: i % 3 == 0, netSpend: 10m * i));
        }

        writer.Enqueue(Row("shop-b", "brw-other-shop", "lapsed", vip: true, netSpend: 5_000m));
        await writer.FlushAsync(Ct);
        var expected = Enumerable.Range(0, 160).Where(i => i % 2 == 0 && i % 3 == 0 && 10m * i >= 300m).Select(i => $"brw-{i:D3}").ToList();

        var (context, page, scriptErrors) = await DashboardPage.SignInAsync(browser.Chromium, host.BaseAddress, "alice", DashboardHost.AlicePassword);
        await using var contextScope = context;
        await page.GetByRole(AriaRole.Button, new() { Name = "Segments" }).ClickAsync();
        var form = page.Locator("#segment-form");
        await form.GetByLabel("Lapsed", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("VIP", new() { Exact = true }).SelectOptionAsync("true");
        await form.GetByLabel("Net spend from").FillAsync("300");
        await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var rows = page.Locator("#segment-list tr");
        await Expect(rows).ToHaveCountAsync(expected.Count, new() { Timeout = Deadline });
        await Expect(rows.First).ToContainTextAsync(expected[0]);

        var download = await page.RunAndWaitForDownloadAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync(),
            new() { Timeout = Deadline });
        var path = Path.Combine(Path.GetTempPath(), $"segment-{Guid.NewGuid():N}.csv");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path, Ct);
        File.Delete(path);

        Assert.Matches(@"^customers-.*\.csv$", download.SuggestedFilename);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal(CustomerCsv.Columns, records[0]);
        Assert.Equal(expected, records.Skip(1).Select(r => r[0]));
        Assert.Empty(scriptErrors);
    }

    private static CustomerRow Row(string tenant, string id, string stage, bool vip, decimal netSpend) =>
        SegmentRows.Cold(tenant, id, stage, vip, netSpend, orders: 2, daysSinceLastOrder: 120, Now);
}
