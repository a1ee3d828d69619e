using Microsoft.AspNetCore.Http.HttpResults;

namespace LifecycleActors.Silo.Api;

/// <summary>RFC 9457 problem details (<c>application/problem+json</c>) naming the offending field.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Create(int status, string title, string detail, string? field = null) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult BadRequest(string field, string detail) => Create(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static ProblemHttpResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "Unauthorized", "a valid X-Api-Key header is required", "X-Api-Key");

    public static ProblemHttpResult TooLarge(string field, string detail) => Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail, field);

    public static ProblemHttpResult NotFound(string field, string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail, field);
}
