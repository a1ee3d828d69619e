using System.Diagnostics;
using LifecycleActors.Ingestion;
using LifecycleActors.Silo.EventPath;
using LifecycleActors.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Api;

/// <summary><c>POST /api/v1/events</c>: a batch of 1..1000 events, at most 1 MiB (contract §6).</summary>
public static class EventsEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxEvents = 1000;

    public static void MapEvents(this RouteGroupBuilder api) => api.MapPost("/events", PostAsync)
        .WithTags("Events")
        .Accepts<IReadOnlyList<StorefrontEvent>>("application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .AdmittedAsIngest();

    private static async Task<Results<Accepted<EventsAcknowledgement>, ProblemHttpResult>> PostAsync(
        HttpContext http, EventIngestion ingestion, IngestMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var received = Stopwatch.GetTimestamp();
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return ApiProblems.TooLarge("body", $"the body is {http.Request.ContentLength} bytes; at most {MaxBodyBytes} are accepted");
        }

        var body = await RequestBodies.ReadAtMostAsync(http.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return ApiProblems.TooLarge("body", $"the body exceeds {MaxBodyBytes} bytes");
        }

        var batch = EventBatchParser.Parse(body.Value, time.GetUtcNow(), MaxEvents);
        switch (batch.Outcome)
        {
            case BatchOutcome.TooManyEvents:
                return ApiProblems.TooLarge("body", $"the batch has {batch.EventCount} events; at most {MaxEvents} are accepted");
            case not BatchOutcome.Parsed:
                return ApiProblems.BadRequest("body", batch.Error ?? "body: not a JSON array of events");
        }

        var tenant = http.Tenant();
        var result = await ingestion.IngestAsync(tenant, batch.Events, cancellationToken, received);
        metrics.Received(tenant, result.Accepted.Count, result.Duplicates, batch.Rejected.Count + result.Refused.Count);
        return TypedResults.Accepted((string?)null, EventsAcknowledgement.Of(batch, result));
    }
}
