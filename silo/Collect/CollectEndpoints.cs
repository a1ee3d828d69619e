using System.Diagnostics;
using System.Globalization;
using LifecycleActors.Ingestion;
using LifecycleActors.Ingestion.Browser;
using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Silo.Hosting;
using LifecycleActors.Silo.Tenants;
using LifecycleActors.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Collect;

/// <summary>
/// The browser's way in (contract §9): <c>POST /api/v1/collect</c> with a publishable key, the same validation, duplicate
/// rules and durability as <c>POST /api/v1/events</c> (its parser and append path), but only the browser's event types,
/// at most 50 events and 64 KiB, from allowed origins, within per-address and per-key rates; and the snippet at <c>/t.js</c>.
/// </summary>
public static class CollectEndpoints
{
    public const string Path = "/api/v1/collect";
    public const string KeyHeader = "X-Publishable-Key";
    public const string KeyQuery = "key";

    public static IServiceCollection AddBrowserCollect(this IServiceCollection services)
    {
        services.AddValidatedOptions<CollectOptions>("Lifecycle:Collect", o => o.Validate());
        services.AddSingleton<CollectRateLimits>();
        return services;
    }

    public static void MapBrowserCollect(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, PostAsync)
            .WithTags("Browser")
            // No Accepts metadata: routing would answer other content types 415 itself, without naming the field.
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AdmittedAsIngest();
        app.MapMethods(Path, [HttpMethods.Options], CollectCors.Preflight).WithTags("Browser").ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/t.js", Snippet.Serve).ExcludeFromDescription();
    }

    private static async Task<Results<Accepted<EventsAcknowledgement>, ProblemHttpResult>> PostAsync(
        HttpContext http, TenantDirectory tenants, CollectRateLimits limits, EventIngestion ingestion, IngestMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var received = Stopwatch.GetTimestamp();
        var request = http.Request;
        var (key, keyField) = request.Headers.TryGetValue(KeyHeader, out var header)
            ? (header.ToString(), KeyHeader)
            : (request.Query[KeyQuery].ToString(), KeyQuery);
        if (key.Length == 0)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", KeyHeader, $"{KeyHeader}: a publishable key is required (the header, or the query parameter '{KeyQuery}')");
        }

        if (tenants.PublishableKeys.Resolve(key) is not { } source)
        {
            return tenants.Resolve(key) is null
                ? Problem(StatusCodes.Status401Unauthorized, "Unauthorized", keyField, $"{keyField}: not a publishable key")
                : Problem(StatusCodes.Status403Forbidden, "Forbidden", keyField, $"{keyField}: this is a secret API key, which must never be in a web page; browsers send the tenant's publishable key");
        }

        var origin = request.Headers.Origin.ToString();
        if (!source.Allows(origin))
        {
            metrics.BrowserRefused(source.Tenant, "origin");
            return Problem(StatusCodes.Status403Forbidden, "Forbidden", "Origin", origin.Length == 0
                ? "Origin: required; a publishable key is used from the pages of its allowed origins"
                : $"Origin: '{CollectCors.Shorten(origin)}' is not an allowed origin of this publishable key");
        }

        CollectCors.Allow(http.Response, origin);
        if (limits.TryTake(new CollectCaller(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", source.Tenant)) is { } retryAfter)
        {
            metrics.BrowserRefused(source.Tenant, "rate");
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return ApiProblems.Create(StatusCodes.Status429TooManyRequests, "Too many requests", $"this browser's or this key's request rate limit is spent; try again in {seconds} s");
        }

        if (request.ContentType is { Length: > 0 } contentType && !IsAccepted(contentType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type",
                $"Content-Type: '{CollectCors.Shorten(contentType)}' is not accepted; send application/json or text/plain (sendBeacon)");
        }

        const int maxBytes = BrowserBatchPolicy.MaxBodyBytes;
        if (request.ContentLength > maxBytes || await RequestBodies.ReadAtMostAsync(request, maxBytes, cancellationToken) is not { } body)
        {
            metrics.BrowserRefused(source.Tenant, "size");
            return ApiProblems.TooLarge("body", $"body: more than {maxBytes} bytes; a browser batch is at most {maxBytes} bytes (64 KiB)");
        }

        if (BrowserBatchPolicy.Check(body, source.IdentitySecret) is { } refusal)
        {
            metrics.BrowserRefused(source.Tenant, refusal.Reason);
            return Problem(refusal.Status, refusal.Status == StatusCodes.Status403Forbidden ? "Forbidden" : "Payload too large", refusal.Field, refusal.Detail);
        }

        var batch = EventBatchParser.Parse(body, time.GetUtcNow(), BrowserBatchPolicy.MaxEvents);
        if (batch.Outcome != BatchOutcome.Parsed)
        {
            return ApiProblems.BadRequest("body", batch.Error ?? "body: not a JSON array of events");
        }

        var result = await ingestion.IngestAsync(source.Tenant, batch.Events, cancellationToken, received);
        metrics.Received(source.Tenant, result.Accepted.Count, result.Duplicates, batch.Rejected.Count + result.Refused.Count);
        return TypedResults.Accepted((string?)null, EventsAcknowledgement.Of(batch, result));
    }

    private static bool IsAccepted(string contentType)
    {
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase);
    }

    private static ProblemHttpResult Problem(int status, string title, string field, string detail) => ApiProblems.Create(status, title, detail, field);
}
