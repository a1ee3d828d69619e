using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Collect;

/// <summary>
/// Cross-origin rules of <c>POST /api/v1/collect</c> (contract §9). Only pages of an allowed origin may use a
/// publishable key: the preflight is answered for exactly that origin, POST and the two request headers, and refused
/// (403, no CORS headers) for anything else; the POST itself is refused without an allowed <c>Origin</c>, because a
/// simple request (the snippet's <c>text/plain</c> and <c>sendBeacon</c>) reaches the server without a preflight.
/// ASP.NET Core's CORS middleware only adds or leaves out headers and knows no per-key origins, so this is our own.
/// </summary>
public static class CollectCors
{
    public const string AllowedHeaders = "Content-Type, X-Publishable-Key";
    private const int MaxAgeSeconds = 600;

    /// <summary>The answer to <c>OPTIONS /api/v1/collect</c>.</summary>
    public static Results<NoContent, ProblemHttpResult> Preflight(HttpContext http, TenantDirectory tenants)
    {
        var request = http.Request;
        var response = http.Response;
        response.Headers.Vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return Refused("Origin", "Origin: a preflight request needs the page's origin");
        }

        // A preflight carries no custom header values; the key is known only when it is in the query.
        var key = request.Query["key"].ToString();
        var allowed = key.Length > 0
            ? tenants.PublishableKeys.Resolve(key)?.Allows(origin) == true
            : tenants.PublishableKeys.AnyAllows(origin);
        if (!allowed)
        {
            return Refused("Origin", $"Origin: '{Shorten(origin)}' is not an allowed origin of {(key.Length > 0 ? "this publishable key" : "any publishable key")}");
        }

        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (!HttpMethods.IsPost(method))
        {
            return Refused("Access-Control-Request-Method", $"Access-Control-Request-Method: only POST is allowed, not '{Shorten(method)}'");
        }

        foreach (var header in request.Headers.AccessControlRequestHeaders.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!header.Equals("content-type", StringComparison.OrdinalIgnoreCase) && !header.Equals("x-publishable-key", StringComparison.OrdinalIgnoreCase))
            {
                return Refused("Access-Control-Request-Headers", $"Access-Control-Request-Headers: '{Shorten(header)}' is not allowed; only {AllowedHeaders}");
            }
        }

        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowMethods = "POST";
        response.Headers.AccessControlAllowHeaders = AllowedHeaders;
        response.Headers.AccessControlMaxAge = MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.NoContent();
    }

    /// <summary>Lets the page read the answer (also a refusal), once its origin is known to be allowed.</summary>
    public static void Allow(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.Vary = "Origin";
    }

    public static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";

    private static ProblemHttpResult Refused(string field, string detail) => ApiProblems.Create(StatusCodes.Status403Forbidden, "Forbidden", detail, field);
}
