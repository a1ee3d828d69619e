using System.Diagnostics;
using LifecycleActors.Connectors;
using LifecycleActors.Silo.Api;
using LifecycleActors.Silo.EventPath;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Connectors;

/// <summary>
/// <c>POST /api/v1/webhooks/{connectorId}</c>: a shop platform's webhook. No API key: the platform's signature over
/// the raw body is the credential. 200 once the mapped events are durable (also for topics the service does not use,
/// which a platform would otherwise count as failures and disable); 401 for a missing, wrong or stale signature;
/// 404 for an unknown connector; 413 above 1 MiB; 422 naming the field a payload cannot be mapped at; 503 with
/// <c>Retry-After</c> while storage is unreachable or the silo sheds ingest (<see cref="IngestAdmission"/>).
/// </summary>
public static class WebhooksEndpoint
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const string RateLimitPolicy = "per-connector";
    private const string Route = "/api/v1/webhooks/{connectorId}";

    public static string PathOf(string connectorId) => Route.Replace("{connectorId}", connectorId, StringComparison.Ordinal);

    public static void MapShopWebhooks(this IEndpointRouteBuilder app) => app.MapPost(Route, ReceiveAsync)
        .WithTags("Connectors")
        .WithSummary("A shop platform's webhook (Shopify, Shopware 6, WooCommerce), signed as the platform signs it")
        .Accepts<object>("application/json", "application/x-www-form-urlencoded")
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests)
        .RequireRateLimiting(RateLimitPolicy)
        .AdmittedAsIngest();

    private static async Task<Results<WireOk<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(
        HttpContext http, string connectorId, ConnectorDirectory connectors, ShopWebhookIntake intake, CancellationToken cancellationToken)
    {
        var received = Stopwatch.GetTimestamp();
        if (await connectors.FindAsync(connectorId, cancellationToken) is not { } connector)
        {
            return ApiProblems.NotFound("connectorId", $"no connector '{connectorId}'");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return ApiProblems.TooLarge("body", $"the body is {http.Request.ContentLength} bytes; at most {MaxBodyBytes} are accepted");
        }

        if (await RequestBodies.ReadAtMostAsync(http.Request, MaxBodyBytes, cancellationToken) is not { } body)
        {
            return ApiProblems.TooLarge("body", $"the body exceeds {MaxBodyBytes} bytes");
        }

        var webhook = new InboundWebhook(http.Request.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())), body);
        var result = await intake.ReceiveAsync(connector, webhook, received, cancellationToken);
        return result.Outcome switch
        {
            IntakeOutcome.Unauthorized => ApiProblems.Create(
                StatusCodes.Status401Unauthorized, "Unauthorized",
                $"{ShopWebhookIntake.SignatureField(connector.Platform)}: {ShopWebhookIntake.SignatureMessage(result.Signature)}",
                ShopWebhookIntake.SignatureField(connector.Platform)),
            IntakeOutcome.Unmappable => ApiProblems.Create(
                StatusCodes.Status422UnprocessableEntity, "Payload not mappable", result.Error ?? "the payload cannot be mapped", result.Field ?? "body"),
            _ => WireResults.Ok(new WebhookAnswer(
                result.Outcome.ToString().ToLowerInvariant(), result.Topic, result.Accepted, result.Duplicates, result.Parked, result.Reason)),
        };
    }
}
