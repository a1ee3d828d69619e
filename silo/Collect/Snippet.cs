using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Collect;

/// <summary>
/// <c>GET /t.js</c>: the storefront snippet, minified by the build (esbuild, <c>silo/Collect/client</c>) and embedded in
/// this assembly. Cached by browsers for five minutes, so a new version reaches shops within that.
/// </summary>
public static class Snippet
{
    private const string ResourceName = "snippet/t.min.js";

    private static readonly Lazy<(byte[] Content, string ETag)> Script = new(Load);

    /// <summary>The minified script as served.</summary>
    public static byte[] Content => Script.Value.Content;

    public static Results<FileContentHttpResult, StatusCodeHttpResult> Serve(HttpContext http)
    {
        var (content, etag) = Script.Value;
        var headers = http.Response.Headers;
        headers.CacheControl = "public, max-age=300";
        headers.ETag = etag;
        headers.XContentTypeOptions = "nosniff";
        // Shops load it from their own pages: any origin may embed it, also pages that isolate themselves (COEP).
        headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        headers.AccessControlAllowOrigin = "*";
        return http.Request.Headers.IfNoneMatch == etag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(content, "text/javascript; charset=utf-8");
    }

    private static (byte[], string) Load()
    {
        using var stream = typeof(Snippet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the snippet ({ResourceName}) is not embedded; the build minifies silo/Collect/client/src/t.js");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        return (content, "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"");
    }
}
