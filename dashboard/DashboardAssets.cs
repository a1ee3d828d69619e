using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LifecycleActors.Dashboard;

/// <summary>
/// The agents' screen, served from the files embedded in this assembly: <c>/</c> is the page, <c>/assets/…</c> its
/// scripts and styles. Every answer carries a content security policy that allows only this origin's scripts, so data
/// that slipped into markup could not run.
/// </summary>
public static class DashboardAssets
{
    private const string ResourcePrefix = "wwwroot/";

    private const string SecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".map"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(Load);

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder endpoints)
    {
        // The screen, not the API: left out of the OpenAPI document.
        endpoints.MapGet("/", (HttpContext http) => Serve(http, "index.html")).ExcludeFromDescription();
        endpoints.MapGet("/assets/{**path}", (HttpContext http, string path) => Serve(http, path)).ExcludeFromDescription();
        return endpoints;
    }

    private static Results<FileContentHttpResult, StatusCodeHttpResult, NotFound> Serve(HttpContext http, string path)
    {
        if (!Assets.Value.TryGetValue(path, out var asset))
        {
            return TypedResults.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = SecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        return http.Request.Headers.IfNoneMatch == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            if (ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                var content = Read(assembly, name);
                var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
                assets[name[ResourcePrefix.Length..]] = new Asset(content, contentType, etag);
            }
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
