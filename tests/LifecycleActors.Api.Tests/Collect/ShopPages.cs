using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifecycleActors.Api.Tests.Collect;

/// <summary>
/// A shop's pages on another loopback origin than the silo: three pages, each with the snippet's script tag pointing
/// at the silo and an "Add to cart" button that calls <c>lifecycle.track</c>.
/// </summary>
public sealed class ShopPages : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ShopPages(WebApplication app) => _app = app;

    /// <param name="scriptAttributes">Extra attributes of the script tag, such as <c>data-require-consent="true"</c>.</param>
    public static async Task<ShopPages> StartAsync(int port, Uri silo, string publishableKey, string scriptAttributes = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var tag = $"<script src=\"{new Uri(silo, "/t.js")}\" data-key=\"{publishableKey}\" {scriptAttributes}></script>";
        foreach (var (path, title) in new[] { ("/", "Home"), ("/shoes", "Shoes"), ("/cart", "Cart") })
        {
            app.MapGet(path, () => Results.Content(
                $"""
                <!doctype html>
                <html><head><meta charset="utf-8"><title>{title}</title>{tag}</head>
                <body><h1>{title}</h1>
                <button id="add" onclick="lifecycle.track('cart_updated', {"{"}value: 49.9{"}"})">Add to cart</button>
                <button id="consent" onclick="lifecycle.consent(true)">Accept</button>
                </body></html>
                """,
                "text/html; charset=utf-8"));
        }

        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        return new ShopPages(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
